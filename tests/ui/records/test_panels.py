"""The records panels offscreen, on real databases: reports, consultations, duty log."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt

from ui.consultations import ConsultationsPanel
from ui.duty import DutyLogPanel
from ui.reports import ReportsPanel


def test_reports_panel_draft_inline_errors_submit_export(
    qtbot, console, db, clock, incident, incidents, tmp_path  # noqa: ANN001
) -> None:
    p = ReportsPanel(console, actor="值班员甲", role="duty_officer")
    qtbot.addWidget(p)
    p.set_incident(incident)
    assert [p.kind_combo.itemText(i) for i in range(p.kind_combo.count())] == \
        ["初报", "重大以上事件报告（报省）", "续报", "核报", "终报"]
    assert p.deadline_table.rowCount() == 1 and p.deadline_table.item(0, 2).text().startswith("剩余")
    p.new_draft()
    assert p.current is not None and p.editors["title"].text() == "华龙区某小学食堂午餐后学生腹痛腹泻"
    assert p.field_error("phone") == "为必填项，不能为空"  # shown inline as soon as the draft opens
    assert not p.submit_button.isEnabled() and not p.sign_button.isEnabled() and p.review_button.isEnabled()
    assert not p.review()
    assert p.field_error("phone") == "为必填项，不能为空" and "联系电话" in p.message.text()
    p.set_value("phone", "0393-8888888")
    p.set_value("location_detail", "华龙区某小学")
    p.set_value("reporter", "值" * 51)
    assert not p.save()
    assert p.field_error("reporter") == "过长（51 字，上限 50 字）"
    # nothing written: open, dispatch, 接报登记 missed (its deadline outlives 接报), verified
    assert incidents.summary(incident).version == 4
    p.set_value("reporter", "值班员甲")
    assert p.review()
    assert p.current.status == "reviewed" and p.register_table.item(0, 1).text() == "已审核"
    assert "审核：值班员甲" in p.approval_label.text() and "下一步：签发" in p.approval_label.text()
    assert not p.sign_button.isEnabled()  # a duty officer may review, not sign
    assert not p.save_button.isEnabled() and p.return_button.isEnabled()

    p.actor, p.role = "指挥长丙", "commander"  # the commander signs at this console
    p._show(p.current)
    assert p.sign_button.isEnabled()
    asked: list[str] = []
    p.confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    assert p.sign()
    assert "初报" in asked[0] and "签发人：指挥长丙" in asked[0] and "县（区）市场监管局" in asked[0]
    assert p.current.status == "signed" and p.current.fields["issuer"] == "指挥长丙"
    assert p.submit_button.isEnabled()
    with qtbot.waitSignal(p.sig_changed):
        assert p.submit()
    assert "初报" in asked[1] and p.current.id in asked[1] and "主送：县（区）市场监管局、卫生健康委" in asked[1]
    assert p.message.text().startswith("已报送 初报") and "县（区）市场监管局" in p.message.text()
    assert p.current.status == "submitted" and p.register_table.item(0, 1).text() == "已报送"
    tip = p.register_table.item(0, 0).toolTip()
    assert "拟稿：值班员甲　审核：值班员甲　签发：指挥长丙　报送：指挥长丙" in tip and "SHA-256" in tip
    # the submission met the 初报 chain's open hop (the unit's); the county's hop starts from it and counts down
    rows = {p.deadline_table.item(r, 0).text(): p.deadline_table.item(r, 2).text()
            for r in range(p.deadline_table.rowCount())}
    assert [v for k, v in rows.items() if "事发单位→县（区）市场监管局" in k] == ["已按时报送"], rows
    assert [v[:2] for k, v in rows.items() if "县（区）食安办→" in k] == ["剩余"], rows
    assert not p.submit_button.isEnabled() and p.correct_button.isEnabled()
    out = p.export(tmp_path / "r.docx")
    assert "华龙区某小学食堂午餐后学生腹痛腹泻" in "".join(par.text for par in Document(str(out)).paragraphs)
    assert p.export(tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    p.correct()
    assert p.current.version == 2 and p.save_button.isEnabled()
    p.set_incident(None)
    assert p.register_table.rowCount() == 0 and not p.new_button.isEnabled()


def _answer_dialog(qtbot, accept: bool, seen: list[str]) -> None:  # noqa: ANN001
    """Answer the next modal message box: Enter (its default) or its accepting button."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, act)
            return
        seen.append(box.text())
        if accept:
            (yes,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
            yes.click()
        else:
            qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, act)


def test_submit_and_sign_ask_first_and_enter_cancels(qtbot, console, incident, incidents) -> None:  # noqa: ANN001
    from tests.records_fixtures import CONTACT_VALUES

    r = console.reports.draft(incident, "initial", actor="值班员甲", values=CONTACT_VALUES)
    console.reports.review(r.id, actor="值班员甲", role="duty_officer")
    p = ReportsPanel(console, actor="指挥长丙", role="commander")
    qtbot.addWidget(p)
    p.set_incident(incident)
    p.register_table.selectRow(0)
    assert p.current is not None and p.current.id == r.id
    seen: list[str] = []
    version = incidents.summary(incident).version
    _answer_dialog(qtbot, False, seen)
    assert not p.sign()  # Enter: the default button is 取消
    assert "签发 初报" in seen[0] and console.reports.get(r.id).status == "reviewed"
    assert incidents.summary(incident).version == version and p.message.text() == "已取消签发"
    _answer_dialog(qtbot, True, seen)
    assert p.sign() and p.current.status == "signed"
    _answer_dialog(qtbot, False, seen)
    assert not p.submit()
    assert "报送 初报" in seen[2] and "主送：县（区）市场监管局、卫生健康委" in seen[2] and r.id in seen[2]
    assert console.reports.get(r.id).status == "signed"
    _answer_dialog(qtbot, True, seen)
    assert p.submit() and console.reports.get(r.id).status == "submitted"
    assert "已报送" in p.message.text() and p.message.isVisible() is not None


def test_reports_panel_fits_a_420_px_dock(qtbot, console, incident) -> None:  # noqa: ANN001
    """At 1280×800 the dock is about 420 px wide: no sideways scrolling in the register, the
    deadlines or the form, and every action button inside the panel."""
    from tests.records_fixtures import CONTACT_VALUES

    r = console.reports.draft(incident, "initial", actor="值班员甲", values=CONTACT_VALUES)
    console.reports.review(r.id, actor="值班员甲", role="duty_officer")
    p = ReportsPanel(console, actor="指挥长丙", role="commander")
    qtbot.addWidget(p)
    p.resize(420, 740)
    p.show()
    qtbot.waitExposed(p)
    p.set_incident(incident)
    p.register_table.selectRow(0)
    assert p.minimumSizeHint().width() <= 420
    for tw in (p.register_table, p.deadline_table):
        assert tw.horizontalScrollBar().maximum() == 0
        assert tw.horizontalHeader().length() <= tw.viewport().width() + 1
        assert tw.horizontalHeader().sectionSize(0) >= 150  # the first column takes the width left
    assert p.form_scroll.horizontalScrollBar().maximum() == 0
    assert p.form_box.width() <= p.form_scroll.viewport().width()
    for b in (p.save_button, p.review_button, p.sign_button, p.submit_button, p.return_button, p.correct_button,
              p.docx_button, p.pdf_button, p.attachments.add_button):
        right = b.mapTo(p, b.rect().topRight()).x()
        assert b.isVisible() and 0 <= b.mapTo(p, b.rect().topLeft()).x() and right <= 420, b.text()
    # what the narrow columns leave out is in each row's tooltip
    assert r.id in p.register_table.item(0, 0).toolTip()


def test_report_attachments_from_the_panel(qtbot, console, incident, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QUrl

    r = console.reports.draft(incident, "initial", actor="值班员甲")
    p = ReportsPanel(console, actor="值班员甲", role="duty_officer")
    qtbot.addWidget(p)
    p.set_incident(incident)
    p.register_table.selectRow(0)
    opened: list[QUrl] = []
    p.attachments.opener = opened.append
    scan = tmp_path / "签报.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"GIF89a")
    assert p.attachments.add_file(bad) is None
    assert "不是可接受的文件类型" in p.attachments.message.text() and p.attachments.list.count() == 0
    rec = p.attachments.add_file(scan)
    assert rec is not None and rec.owner_kind == "report" and rec.owner_id == r.id
    assert p.attachments.list.count() == 1 and p.attachments.heading.text() == "附件（1）"
    assert "SHA-256" in p.attachments.list.item(0).toolTip()
    out = p.attachments.open_attachment(rec.id)
    assert out is not None and out.read_bytes() == scan.read_bytes() and out.name == "签报.pdf"
    assert opened and opened[0].toLocalFile() == str(out)


def test_consultations_panel_flow(qtbot, console, db, clock, incident, incidents, experts, tmp_path) -> None:  # noqa: ANN001
    p = ConsultationsPanel(console)
    qtbot.addWidget(p)
    asked: list[str] = []
    p.confirm = lambda title, text: asked.append(text) or True
    p.set_incident(incident)
    p.question_combo.setCurrentIndex(p.question_combo.findData("grade"))
    p.open_consultation()
    assert p.current is not None and p.list_table.rowCount() == 1
    codes = [p.candidates.item(i).data(Qt.ItemDataRole.UserRole) for i in range(p.candidates.count())]
    assert codes == ["E01", "E02", "E03", "E04"]
    p.check_candidates(["E01", "E02", "E03"])
    p.invite_checked()
    assert [e.code for e in p.current.invited] == ["E01", "E02", "E03"]
    assert p.candidates.count() == 1
    # conclusion before quorum: refused with the reason
    p.summary_text.setPlainText("同意")
    p.conclude()
    assert "未达到法定人数 3 人" in p.message.text()
    for code in ("E01", "E02", "E03"):
        p.expert_combo.setCurrentIndex(p.expert_combo.findData(code))
        p.level_combo.setCurrentIndex(p.level_combo.findData("III"))
        p.opinion_text.setPlainText("同意定为较大")
        if code == "E03":
            p.dissent_text.setText("建议补充检验结果")
        p.record_opinion()
    assert len(p.current.opinions) == 3 and p.current.opinions[2].dissent == "建议补充检验结果"
    # who was invited and what each said, the dissent set apart
    assert p.invited_table.rowCount() == 3
    assert [p.invited_table.item(r, 2).text() for r in range(3)] == ["同意", "同意", "同意（保留）"]
    assert p.opinion_list.count() == 2 and "同意定为较大" in p.opinion_list.item(0).text()
    assert p.dissent_box.title() == "不同意见（1 条）" and p.dissent_list.count() == 1
    assert "保留意见：建议补充检验结果" in p.dissent_list.item(0).text()
    p.chair_combo.setCurrentIndex(p.chair_combo.findData("E01"))
    p.conclusion_level.setCurrentIndex(p.conclusion_level.findData("III"))
    p.summary_text.setPlainText("建议定为较大（Ⅲ级）")
    with qtbot.waitSignal(p.sig_changed):
        p.conclude()
    assert p.current.status == "concluded" and p.summary_text.toPlainText() == "建议定为较大（Ⅲ级）"  # kept
    assert "结论：同意" in asked[-1] and "建议定为较大（Ⅲ级）" in asked[-1] and "1 位专家持不同意见" in asked[-1]
    assert "本结论签发时有 1 位专家持不同意见" in p.conclusion_label.text()
    assert incidents.state(incident).consultations["grade"]["status"] == "concluded"
    assert not p.opinion_button.isEnabled()
    out = p.export(tmp_path / "m.docx")
    paras = [par.text for par in Document(str(out)).paragraphs]
    assert "专家会商纪要" in paras[0]
    heads = [x for x in paras if x[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert [h[2:] for h in heads] == ["会商基本情况", "参会专家", "专家意见", "不同意见", "会商结论"]
    ops, differ = paras.index(heads[2]), paras.index(heads[3])
    assert not any("建议补充检验结果" in x for x in paras[ops:differ])  # the dissent is not among the others
    assert any("建议补充检验结果" in x for x in paras[differ:paras.index(heads[4])])
    assert any("本结论签发时有 1 位专家持不同意见" in x for x in paras[paras.index(heads[4]):])
    p.set_incident(None)
    assert p.current is None
    p.set_incident(incident)  # reopening the incident shows its latest consultation
    assert p.current is not None and p.current.status == "concluded" and p.docx_button.isEnabled()
    # a new consultation starts with an empty 结论意见 (the last one's text is not carried into it)
    first = p.current.id
    p.question_combo.setCurrentIndex(p.question_combo.findData("technical"))
    p.open_consultation()
    assert p.current.id != first and p.summary_text.toPlainText() == ""


def test_consultations_panel_fits_a_420_px_dock(qtbot, console, incident, experts) -> None:  # noqa: ANN001
    from tests.ui.reserves.test_panel import in_dock, sideways

    p = ConsultationsPanel(console)
    p.confirm = lambda title, text: False
    area = in_dock(qtbot, p)
    p.set_incident(incident)
    p.open_consultation()
    p.check_candidates(["E01", "E02", "E03"])
    p.invite_checked()
    for code, vote in (("E01", "approve"), ("E02", "reject"), ("E03", "approve")):
        p.expert_combo.setCurrentIndex(p.expert_combo.findData(code))
        p.recommend_combo.setCurrentIndex(p.recommend_combo.findData(vote))
        p.opinion_text.setPlainText("病例数尚未核实完毕，建议暂缓定级，待疾控流调报告出具后再行研判" * 2)
        p.record_opinion()
    assert p.minimumSizeHint().width() <= 420
    assert sideways(p, p.detail_tabs) == []
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0 and area.horizontalScrollBar().maximum() == 0)
    assert p.dissent_list.count() == 1 and "不同意" in p.dissent_list.item(0).text()
    # a cancelled confirmation signs nothing
    p.summary_text.setPlainText("暂缓定级")
    p.conclude()
    assert p.current.status == "open" and "已取消" in p.message.text()


def test_duty_panel(qtbot, console, db, clock, incident, incidents) -> None:  # noqa: ANN001
    p = DutyLogPanel(console)
    qtbot.addWidget(p)
    p.set_incident(incident)
    assert p.for_incident.isChecked()
    p.note_text.setPlainText("家长情绪稳定")
    with qtbot.waitSignal(p.sig_changed):
        p.add_note()
    assert p.entries.rowCount() == 1 and p.entries.item(0, 5).text() == "家长情绪稳定"
    assert incidents.timeline(incident)[-1].type == "note"
    p.from_edit.setText("张三")
    p.to_edit.setText("张三")
    p.summary_text.setPlainText("交接")
    p.add_handover()
    assert "「接班人」不能与交班人相同" in p.message.text() and p.entries.rowCount() == 1
    p.to_edit.setText("李四")
    assert p.for_incident.isChecked()  # an incident is selected and notes go to it …
    before = len(incidents.timeline(incident))
    p.add_handover()
    # … but a shift handover belongs to the centre
    assert p.entries.rowCount() == 2 and p.entries.item(0, 3).text() == "全中心"
    assert len(incidents.timeline(incident)) == before


def test_panels_write_through_the_windows_service_so_drills_stay_drills(qtbot, db, clock) -> None:  # noqa: ANN001
    from console.app import Console
    from tests.records_fixtures import MUNICIPAL

    drill = Console(db, clock, mode="drill")
    drills = drill.incidents
    r = drills.open(MUNICIPAL, title="演练：学校食堂", actor="导调", role="duty_officer", facts={"cases": 20})
    p = DutyLogPanel(drill)
    qtbot.addWidget(p)
    p.set_incident(r.incident_id)
    p.note_text.setPlainText("演练记录")
    p.add_note()
    assert drills.timeline(r.incident_id)[-1].mode == "drill"


def test_experts_panel(qtbot, console, db, clock, experts, tmp_path) -> None:  # noqa: ANN001
    from ui.experts import ExpertsPanel

    p = ExpertsPanel(console)
    qtbot.addWidget(p)
    assert p.experts.rowCount() == 6
    p.specialty_combo.setCurrentIndex(p.specialty_combo.findData("流行病学"))
    assert p.experts.rowCount() == 2
    p.available_only.setChecked(True)
    assert p.experts.rowCount() == 1 and p.experts.item(0, 1).text() == "李红"
    p.experts.selectRow(0)
    p.availability_combo.setCurrentIndex(p.availability_combo.findData("away"))
    p.set_selected_availability()
    assert p.experts.rowCount() == 0 and "外出" in p.message.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,姓名,专业领域,工作单位,联系电话\nX1,,法律,某单位,139\n", encoding="utf-8")
    assert not p.import_file(bad)
    assert "第 2 行「姓名」为必填项" in p.message.text()
    out = tmp_path / "out.xlsx"
    assert p.export_file(out) and out.stat().st_size > 0


def test_reports_panel_flags_overdue_deadlines(qtbot, console, db, clock, incident) -> None:  # noqa: ANN001
    from datetime import timedelta

    p = ReportsPanel(console)
    qtbot.addWidget(p)
    p.set_incident(incident)
    assert p.overdue == []
    clock.advance(timedelta(hours=3))
    p.refresh_deadlines()
    assert [d.kind for d in p.overdue] == ["initial"]
    assert p.deadline_table.item(0, 2).text().startswith("已超时")
    assert p.deadline_table.item(0, 2).foreground().color().name() == "#c0392b"


def test_signing_a_conclusion_asks_first_and_enter_cancels(qtbot, console, incident, experts) -> None:  # noqa: ANN001
    from tests.ui.reserves.test_panel import answer_with_enter

    p = ConsultationsPanel(console)
    qtbot.addWidget(p)
    p.set_incident(incident)
    p.open_consultation()
    p.check_candidates(["E01", "E02", "E03"])
    p.invite_checked()
    for code in ("E01", "E02", "E03"):
        p.expert_combo.setCurrentIndex(p.expert_combo.findData(code))
        p.opinion_text.setPlainText("同意")
        p.record_opinion()
    p.chair_combo.setCurrentIndex(p.chair_combo.findData("E01"))
    p.summary_text.setPlainText("建议按一般事件处置")
    seen = answer_with_enter(qtbot)
    p.conclude_button.click()
    assert len(seen) == 1 and "结论：同意" in seen[0] and "建议按一般事件处置" in seen[0]
    assert p.current.status == "open" and p.message.text() == "已取消，结论未签发"
