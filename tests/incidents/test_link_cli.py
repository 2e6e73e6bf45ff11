"""``incident link | unlink | merge | links`` in a real subprocess on a real SQLite file."""

from __future__ import annotations

from tests.incidents.test_cli import run
from tests.incidents.test_linking import FOOD


def test_link_merge_and_show_from_the_command_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    ids = []
    for title, cases in (("第一小学腹泻", "12"), ("第二小学腹泻", "20")):
        r = run(db, "incident", "open", "--plan", str(FOOD), "--title", title, "--fact", f"cases={cases}",
                "--actor", "王值班")
        assert r.returncode == 0, r.stderr
        ids.append(r.stdout.split("：", 1)[1].split("「", 1)[0])
    a, b = ids
    r = run(db, "incident", "link", a, b, "--reason", "同一供餐单位", "--actor", "李指挥", "--role", "commander")
    assert r.returncode == 0, r.stderr
    assert f"已关联：{a} ⇄ {b}" in r.stdout
    r = run(db, "incident", "show", a)
    assert f"关联：{b}「第二小学腹泻」（同一供餐单位）" in r.stdout
    assert "较大（III级）" in r.stdout  # 12 + 20 linked within 24 h: the cluster rule
    r = run(db, "incident", "link", a, b, "--reason", "再次", "--role", "commander")
    assert r.returncode == 1 and "已拒绝：已与事件" in r.stderr and "Traceback" not in r.stderr
    r = run(db, "incident", "unlink", a, b, "--reason", "", "--role", "commander")
    assert r.returncode == 1 and "理由" in r.stderr
    r = run(db, "incident", "merge", a, "--into", b, "--reason", "同一起事件", "--role", "commander")
    assert r.returncode == 0, r.stderr
    assert f"{a} · 版本" in r.stdout and "（已结案）" in r.stdout
    r = run(db, "incident", "links", b)
    assert "已并入本事件" in r.stdout and a in r.stdout
    r = run(db, "incident", "timeline", a)
    assert f"并入事件 {b}，本事件结案（同一起事件）" in r.stdout
    r = run(db, "incident", "merge", a, "--into", b, "--reason", "x", "--role", "commander")
    assert r.returncode == 1 and "已结案" in r.stderr
    r = run(db, "log", "verify")
    assert r.returncode == 0, r.stdout
