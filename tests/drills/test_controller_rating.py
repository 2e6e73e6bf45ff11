"""The controller window: P/S/M/U ratings and findings under the evaluator's name, both documents exported."""

from __future__ import annotations

from docx import Document

from console.review.service import RunReview
from tests.drills.conftest import SCHOOL, virtual_run


def test_controller_records_capability_ratings_and_exports_both_documents(qtbot, tmp_path):
    from ui.drills.controller import ControllerWindow

    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    w = ControllerWindow(run, trainer="评估员戊")
    qtbot.addWidget(w)
    try:
        w.objective.setCurrentIndex(w.objective.findData("O3"))
        w.capability.setCurrentIndex(w.capability.findData("S"))
        w.observation.setText("提级及时，向市级核报偏慢")
        w.capability_btn.click()
        w.finding_kind.setCurrentIndex(w.finding_kind.findData("equipment"))
        w.finding_text.setText("快检试剂数量不足")
        w.finding_cause.setText("储备定额偏低")
        w.finding_btn.click()
        w.observation.setText("")
        w.capability_btn.click()  # an empty observation is refused, nothing saved
        assert "观察记录" in w.message.text()
        r = RunReview(run.db, run.incident_id)
        assert list(r.fold.objective_ratings) == [("O3", "评估员戊")]
        assert r.fold.findings[0]["actor"] == "评估员戊" and r.fold.findings[0]["cause"] == "储备定额偏低"
        assert [a.text() for a in w.report_menu.actions()] == ["演练评估报告…", "演练总结报告…"]
        ev = w.export_report(tmp_path / "ev.docx", kind="evaluation")
        su = w.export_report(tmp_path / "su.pdf", kind="summary")
        assert ev is not None and su is not None and su.stat().st_size > 0
        body = "\n".join(p.text for p in Document(str(ev)).paragraphs)
        assert "评估员戊评定：完成但存在一些问题（S）" in body and "快检试剂数量不足（原因：储备定额偏低）" in body
    finally:
        w.close()
        run.db.close()
