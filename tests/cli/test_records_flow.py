"""The records CLI end to end on a real SQLite file: every failure is one Chinese line, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.cli import main
from tests.records_fixtures import MUNICIPAL


@pytest.fixture
def run(tmp_path, capsys):  # noqa: ANN001, ANN201
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def test_full_flow_from_the_command_line(run, tmp_path: Path) -> None:  # noqa: ANN001
    at = "--at"
    code, out, _ = run("incident", "open", "--plan", str(MUNICIPAL), "--title", "某小学食堂午餐后学生腹痛",
                       "--fact", "cases=46", "--fact", "setting=school", "--actor", "甲", at, "2026-11-22T09:00+08:00")
    assert code == 0
    iid = "20261122-001"
    csv = tmp_path / "experts.csv"
    csv.write_bytes(("编号,姓名,专业领域,工作单位,联系电话\n"
                     "E1,王一,食品安全,市疾控中心,13900000001\n"
                     "E2,王二,流行病学,市疾控中心,13900000002\n"
                     "E3,王三,临床毒理,市人民医院,13900000003\n").encode("gbk"))
    assert run("experts", "import", str(csv))[1].strip() == "已导入 3 位专家"
    code, out, _ = run("experts", "list", "--specialty", "流行病学")
    assert "王二" in out and "王一" not in out
    assert run("experts", "export", str(tmp_path / "out.xlsx"))[0] == 0

    code, out, _ = run("report", "draft", iid, "--kind", "initial", "--set", "reporter=甲", "--set",
                       "phone=0393-1234567", "--set", "location_detail=某小学", at, "2026-11-22T09:30+08:00")
    assert code == 0 and "校验通过，可以审核" in out
    rid = f"{iid}-initial-1-v1"
    code, _, err = run("report", "submit", rid, at, "2026-11-22T09:31+08:00")
    assert code == 1 and "尚未审核、签发" in err and "Traceback" not in err
    code, out, _ = run("report", "review", rid, "--actor", "乙", at, "2026-11-22T09:31+08:00")
    assert code == 0 and "已审核" in out and "审核人 乙" in out
    code, _, err = run("report", "sign", rid, "--actor", "乙", at, "2026-11-22T09:31+08:00")
    assert code == 1 and "不能签发报告（签发人须为" in err
    code, out, _ = run("report", "sign", rid, "--actor", "丙", "--role", "commander", at, "2026-11-22T09:31+08:00")
    assert code == 0 and "签发人 丙" in out
    code, out, _ = run("report", "submit", rid, at, "2026-11-22T09:31+08:00")
    assert code == 0 and "已报送" in out and "SHA-256" in out
    assert "审核：乙　签发：丙　报送：" in out
    code, _, err = run("report", "submit", rid, at, "2026-11-22T09:32+08:00")
    assert code == 1 and err.startswith("错误：报告") and "不能重复报送" in err and "Traceback" not in err
    code, out, _ = run("report", "verify", rid)
    assert code == 0 and "内容与事件日志一致" in out
    code, out, _ = run("report", "list", iid, at, "2026-11-22T09:40+08:00")
    assert rid in out and "已按时报送" in out
    assert run("report", "export", rid, "-o", str(tmp_path / "r.docx"))[0] == 0
    assert run("report", "export", rid, "-o", str(tmp_path / "r.pdf"))[0] == 0
    assert (tmp_path / "r.docx").stat().st_size > 0 and (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    code, _, err = run("report", "export", rid, "-o", str(tmp_path / "r.txt"))
    assert code == 1 and "不支持的导出格式" in err

    cid = f"{iid}-HS01"
    assert run("consult", "open", iid, "--question", "grade", at, "2026-11-22T09:41+08:00")[0] == 0
    code, out, _ = run("consult", "invite", cid)
    assert "王一" in out and "王三" in out
    code, _, err = run("consult", "opinion", cid, "--expert", "E1", "--recommend", "approve", "--text", "同意")
    assert code == 1 and "未受邀参加本次会商" in err
    assert run("consult", "invite", cid, "E1", "E2", "E3", at, "2026-11-22T09:42+08:00")[0] == 0
    for e in ("E1", "E2"):
        assert run("consult", "opinion", cid, "--expert", e, "--recommend", "approve", "--level", "III",
                   "--text", "同意", at, "2026-11-22T09:50+08:00")[0] == 0
    assert run("consult", "opinion", cid, "--expert", "E3", "--recommend", "reject", "--text", "证据不足",
               at, "2026-11-22T09:51+08:00")[0] == 0
    code, out, _ = run("consult", "conclude", cid, "--chair", "E1", "--outcome", "approve", "--level", "III",
                       "--summary", "建议Ⅲ级", at, "2026-11-22T09:55+08:00")
    assert code == 0 and "结论：同意 III" in out
    # each opinion with its time, the dissent apart, and the conclusion says it was signed with dissent
    head, _, differ = out.partition("不同意见（1 条）：")
    assert "意见 王一（11-22 09:50）：同意 III 同意" in head and "证据不足" not in head
    assert "意见 王三（11-22 09:51）：不同意 证据不足" in differ
    assert "本结论签发时有 1 位专家持不同意见" in differ
    assert run("consult", "minutes", cid, "-o", str(tmp_path / "m.docx"))[0] == 0
    code, out, _ = run("incident", "show", iid)
    assert code == 0

    assert run("duty", "note", "校方已停课", "--incident", iid, at, "2026-11-22T10:00+08:00")[0] == 0
    code, _, err = run("duty", "handover", "--from", "甲", "--to", "甲", "--summary", "x")
    assert code == 1 and "「接班人」不能与交班人相同" in err
    code, out, _ = run("duty", "list")
    assert "校方已停课" in out and "共 1 条" in out


def test_import_errors_are_one_line_each(run, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,姓名,专业领域,工作单位,联系电话\nE1,,食品安全,单位,139\n", encoding="utf-8")
    code, _, err = run("experts", "import", str(bad))
    assert code == 1 and "第 2 行「姓名」为必填项" in err and "第 2 行「联系电话」「139」不是有效的电话号码" in err
    code, _, err = run("experts", "import", str(tmp_path / "missing.csv"))
    assert code == 1 and "找不到文件" in err
    code, _, err = run("report", "show", "nope")
    assert code == 1 and "没有编号为「nope」的报告" in err
    code, _, err = run("report", "draft", "20990101-001", "--kind", "initial")
    assert code == 1 and "没有编号为 20990101-001 的事件" in err


def test_a_future_at_is_refused_before_anything_is_opened(run) -> None:  # noqa: ANN001
    """``--at`` in the future would carry an incident's records past every deadline: refused."""
    code, _, err = run("duty", "note", "夜班巡查正常", "--at", "2099-01-01T09:00+08:00")
    assert code == 1 and "不能在将来" in err and "Traceback" not in err
    code, _, err = run("duty", "note", "补记", "--at", "1999-12-31T09:00+08:00")
    assert code == 1 and "早于 2000-01-01" in err
    code, out, _ = run("duty", "list")
    assert "夜班巡查正常" not in out and "补记" not in out
