"""From a phone call to a submitted 初报, driven in the real window under Xvfb with xdotool, and
timed by the keystroke-level model (KLM).

    python bench/intake_klm.py                       # this tree, the 接报并起草初报 path
    python bench/intake_klm.py --tree DIR --path before   # another checkout, the path it offers

The case (the kindergarten call): 清丰县城关镇的一所幼儿园，8 名幼儿午餐后呕吐，园长李园长来电
（13839312345），11:50 发现. The console starts on a fresh demo database (濮阳市) whose clock reads
12:02 China time, in an Xvfb screen (default 1600×1000); the script then presses keys and clicks
with xdotool exactly as a duty officer would, and reads back what was stored.

Where things are on screen is asked of the running window through a small probe installed in
that process (a local TCP socket answering "where is the widget labelled X" and "is the window
idle"); the probe never changes the window — every input goes through the X server.

KLM operators (Card, Moran & Newell 1980; Kieras' 2001 guide):
  K = 0.28 s a keystroke (average skilled typist); a Chinese character typed through a pinyin input
      method costs PINYIN_K = 3 keystrokes (about 2.5 letters and the choice); digits, ASCII 1 each;
  P = 1.10 s pointing with the mouse; B = 0.10 s a button press or release (a click is BB);
  H = 0.40 s moving the hand between keyboard and mouse;
  M = 1.35 s mental preparation: before each typed field, chord, command click and confirmation,
      not before continuing an act already begun (choosing in a list just opened, Tab to the next
      field, typing into a field just clicked, Enter to take a completion).
Waits (R) are measured: from the end of an input until the window answers and shows what the
next step needs. An interaction is a click, a chord, a single key (Tab, Enter) or a typed field.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

K, P, B, H, M = 0.28, 1.10, 0.10, 0.40, 1.35
PINYIN_K = 3
CASE = {"place_query": "清丰城关", "place": "清丰县城关镇", "caller": "李园长", "phone": "13839312345",
        "occurred": "11:50", "cases": "8", "setting": "幼儿园（托幼机构）",
        "title": "清丰县城关镇幼儿园8名幼儿午餐后呕吐"}
START_LOCAL = "12:02"  # the console's clock at the call (China time, today)


# ------------------------------------------------------------------------------ KLM accounting
def keystrokes(text: str) -> int:
    return sum(1 if ord(c) < 128 else PINYIN_K for c in text)


@dataclass
class Step:
    kind: str  # click | item | chord | key | type
    what: str
    operators: str
    seconds: float
    wait: float = 0.0


@dataclass
class Tally:
    steps: list[Step] = field(default_factory=list)
    hand: str = "keyboard"

    def add(self, kind: str, what: str, *, mental: bool, keys: int = 0) -> Step:
        ops: list[str] = []
        need = "mouse" if kind in ("click", "item") else "keyboard"
        if need != self.hand:
            ops.append("H")
            self.hand = need
        if mental:
            ops.append("M")
        if kind in ("click", "item"):
            ops += ["P", "B", "B"]
        else:
            ops += ["K"] * keys
        secs = sum({"K": K, "P": P, "B": B, "H": H, "M": M}[o] for o in ops)
        compact = " ".join(f"{n}{o}" if n > 1 else o for o, n in _runs(ops))
        s = Step(kind, what, compact, round(secs, 2))
        self.steps.append(s)
        return s

    def summary(self) -> dict[str, Any]:
        kinds = {k: sum(1 for s in self.steps if s.kind == k) for k in ("click", "item", "chord", "key", "type")}
        return {"interactions": len(self.steps), "clicks": kinds["click"] + kinds["item"], "chords": kinds["chord"],
                "keys": kinds["key"], "typed_fields": kinds["type"],
                "operator_s": round(sum(s.seconds for s in self.steps), 1),
                "waits_s": round(sum(s.wait for s in self.steps), 1)}


def _runs(ops: list[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for o in ops:
        if out and out[-1][0] == o:
            out[-1] = (o, out[-1][1] + 1)
        else:
            out.append((o, 1))
    return out


# ------------------------------------------------------------------------------ the probe (child side)
CHILD = r'''
import json, re, sys
from datetime import datetime, timedelta

def install(port, start_local):
    import console.clock as cc
    from console.clock import CHINA_TZ
    real = datetime.now(CHINA_TZ)
    hh, mm = map(int, start_local.split(":"))
    offset = real.replace(hour=hh, minute=mm, second=0, microsecond=0) - real

    class ShiftedClock:
        def now(self):
            return datetime.now(CHINA_TZ) + offset
    cc.SystemClock = ShiftedClock

    import ui.wiring as wiring
    original = wiring.build_window

    def build(*a, **k):
        win = original(*a, **k)
        _serve(win, port)
        return win
    wiring.build_window = build


def _serve(win, port):
    from PySide6.QtCore import Qt
    from PySide6.QtNetwork import QHostAddress, QTcpServer
    from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QFormLayout,
                                   QLabel, QLineEdit, QPlainTextEdit, QTabBar, QWidget)
    server = QTcpServer(win)
    win._klm_server = server

    def shown(w):
        return w.isVisible() and w.window().isVisible()

    def rect_of(w, r=None):
        r = r if r is not None else w.rect()
        tl = w.mapToGlobal(r.topLeft())
        return {"x": tl.x(), "y": tl.y(), "w": r.width(), "h": r.height()}

    def editor_in(w):
        if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox)):
            return w
        for cls in (QLineEdit, QPlainTextEdit, QComboBox):
            found = [c for c in w.findChildren(cls) if shown(c)]
            if found:
                return found[0]
        return None

    def widgets():
        for top in QApplication.topLevelWidgets():
            if not top.isVisible():
                continue
            yield top
            yield from (c for c in top.findChildren(QWidget) if shown(c))

    def find(loc):
        how, _, text = loc.partition(":")
        if how == "name":
            for w in widgets():
                if w.objectName() == text:
                    return rect_of(w)
        elif how == "button":
            for w in widgets():
                shown_text = re.sub(r"\(&.\)$", "", w.text()).replace("&", "") if isinstance(w, QAbstractButton) else ""
                if isinstance(w, QAbstractButton) and shown_text == text and w.isEnabled():
                    return rect_of(w)
        elif how == "field":
            def forms(lay):
                if lay is None:
                    return
                if isinstance(lay, QFormLayout):
                    yield lay
                for i in range(lay.count()):
                    sub = lay.itemAt(i).layout()
                    if sub is not None:
                        yield from forms(sub)
            for lay in (f for w in widgets() for f in forms(w.layout())):
                for row in range(lay.rowCount()):
                    li = lay.itemAt(row, QFormLayout.ItemRole.LabelRole)
                    fi = lay.itemAt(row, QFormLayout.ItemRole.FieldRole)
                    lw = li.widget() if li is not None else None
                    if isinstance(lw, QLabel) and lw.text().replace(" *", "").strip() == text and fi is not None:
                        ed = editor_in(fi.widget()) if fi.widget() is not None else None
                        if ed is not None and shown(ed):
                            return rect_of(ed)
        elif how == "tab":
            for w in widgets():
                if isinstance(w, QTabBar):
                    for i in range(w.count()):
                        if w.tabText(i).replace("&", "") == text:
                            return rect_of(w, w.tabRect(i))
        elif how == "item":
            for w in widgets():
                if isinstance(w, QAbstractItemView) and w.window().windowType() == Qt.WindowType.Popup:
                    m = w.model()
                    for r in range(m.rowCount()):
                        if m.index(r, 0).data() == text:
                            return rect_of(w.viewport(), w.visualRect(m.index(r, 0)))
        elif how == "window":
            for top in QApplication.topLevelWidgets():
                if top.isVisible() and text in top.windowTitle():
                    return rect_of(top)
        return None

    def answer(req):
        op = req["op"]
        if op == "ping":
            return {"ok": True}
        if op == "find":
            return {"rect": find(req["loc"])}
        if op == "text":
            for w in widgets():
                if w.objectName() == req["name"]:
                    t = w.text() if hasattr(w, "text") else ""
                    return {"text": t, "visible": shown(w)}
            return {"text": None}
        if op == "status":
            return {"text": win.statusBar().currentMessage()}
        if op == "focus":
            f = QApplication.focusWidget()
            text = (f.text() if isinstance(f, QLineEdit) else f.toPlainText() if isinstance(f, QPlainTextEdit)
                    else f.currentText() if isinstance(f, QComboBox) else None)
            return {"name": f.objectName() if f else None, "cls": type(f).__name__ if f else None, "text": text}
        if op == "screen":
            g = win.geometry()
            return {"win": [g.x(), g.y(), g.width(), g.height()]}
        return {"error": op}

    def connection():
        sock = server.nextPendingConnection()

        def ready():
            while sock.canReadLine():
                req = json.loads(bytes(sock.readLine()).decode())
                sock.write((json.dumps(answer(req), ensure_ascii=False) + "\n").encode())
                sock.flush()
        sock.readyRead.connect(ready)
    server.newConnection.connect(connection)
    server.listen(QHostAddress.SpecialAddress.LocalHost, port)


port, start_local = int(sys.argv[1]), sys.argv[2]
install(port, start_local)
sys.argv = [sys.argv[0]] + sys.argv[3:]
import main
sys.exit(main.main(sys.argv[1:]))
'''


# ------------------------------------------------------------------------------ the driver
class Driver:
    def __init__(self, port: int, display: str, tally: Tally, log: list[str]) -> None:
        self.port, self.display, self.tally, self.log = port, display, tally, log
        self.sock: socket.socket | None = None
        self.buf = b""
        self.retries = 0  # characters xdotool had to type again
        self.shots: Path | None = None  # where to save pictures of the screen along the way

    def connect(self, timeout: float = 90) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the console did not start (no probe)")

    def ask(self, **req: Any) -> dict[str, Any]:
        assert self.sock is not None
        self.sock.sendall((json.dumps(req) + "\n").encode())
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the console closed the probe")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return dict(json.loads(line))

    def xdo(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], check=True, env={**os.environ, "DISPLAY": self.display})

    def where(self, loc: str, timeout: float = 20) -> dict[str, int]:
        end = time.monotonic() + timeout
        while True:
            r = self.ask(op="find", loc=loc)["rect"]
            if r is not None:
                return dict(r)
            if time.monotonic() > end:
                raise RuntimeError(f"not on screen: {loc}")
            time.sleep(0.02)

    def settle(self, until: str | None = None, timeout: float = 30) -> float:
        """Wait until the window answers (its event loop is free) and, if given, ``until`` is on
        screen; the seconds it took."""
        t0 = time.monotonic()
        self.ask(op="ping")
        if until is not None:
            self.where(until, timeout)
        time.sleep(0.05)  # let a shown window map and take focus
        self.ask(op="ping")
        return time.monotonic() - t0 - 0.05

    def shot(self, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            subprocess.run(["import", "-window", "root", str(self.shots / f"{name}.png")],
                           env={**os.environ, "DISPLAY": self.display}, check=False)

    def focus_main(self) -> None:
        r = self.ask(op="screen")["win"]
        ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "应急指挥台"], capture_output=True,
                             text=True, env={**os.environ, "DISPLAY": self.display}).stdout.split()
        for wid in ids:
            self.xdo("windowfocus", "--sync", wid)
        self.xdo("mousemove", str(r[0] + r[2] // 2), str(r[1] + r[3] // 2))

    # the operator's acts ------------------------------------------------------------------
    def click(self, loc: str, what: str, *, mental: bool = True, item: bool = False,
              then: str | None = None) -> None:
        r = self.where(loc)
        x, y = r["x"] + r["w"] // 2, r["y"] + min(r["h"] // 2, 12)
        self.xdo("mousemove", str(x), str(y), "click", "1")
        step = self.tally.add("item" if item else "click", what, mental=mental)
        step.wait = round(self.settle(then), 2)
        self.log.append(f"click  {what}")

    def chord(self, keys: str, what: str, *, then: str | None = None) -> None:
        self.xdo("key", "--clearmodifiers", keys)
        step = self.tally.add("chord", what, mental=True, keys=keys.count("+") + 1)
        step.wait = round(self.settle(then), 2)
        self.log.append(f"chord  {keys}  {what}")

    def key(self, key: str, what: str, *, mental: bool = False, then: str | None = None) -> None:
        self.xdo("key", "--clearmodifiers", key)
        step = self.tally.add("key", what, mental=mental, keys=1)
        step.wait = round(self.settle(then), 2)
        self.log.append(f"key    {key}  {what}")

    def type(self, text: str, what: str, *, mental: bool = True, then: str | None = None,
             check: str | None = None) -> None:
        # xdotool types a Chinese character by remapping a key; under a popup's keyboard grab the
        # window now and then misses the new mapping. So one character at a time, each checked
        # (a harness retry, not an operator action: the model, not this pace, gives the time).
        if check is not None:  # a list chosen by typing: what it shows afterwards
            for _attempt in range(4):
                self.xdo("type", "--delay", "60", text)
                end = time.monotonic() + 1.0
                while (self.ask(op="focus").get("text") or "") != check and time.monotonic() < end:
                    time.sleep(0.03)
                if (self.ask(op="focus").get("text") or "") == check:
                    break
                self.retries += 1
            else:
                raise RuntimeError(f"typing {text!r} into {what} did not choose {check!r}")
            step = self.tally.add("type", what, mental=mental, keys=keystrokes(text))
            step.wait = round(self.settle(then), 2)
            self.log.append(f"type   {text!r}  {what}")
            return
        start = self.ask(op="focus").get("text") or ""
        for i, ch in enumerate(text):
            want = text[: i + 1]
            for _attempt in range(4):
                self.xdo("type", "--delay", "60", ch)
                end = time.monotonic() + 1.0
                got = ""
                while time.monotonic() < end:
                    got = self.ask(op="focus").get("text") or ""
                    if got.endswith(want) and len(got) >= len(start) + len(want):
                        break
                    time.sleep(0.03)
                if got.endswith(want):
                    break
                self.retries += 1
            else:
                raise RuntimeError(f"typing {text!r} into {what}: the field holds {got!r}")
        step = self.tally.add("type", what, mental=mental, keys=keystrokes(text))
        step.wait = round(self.settle(then), 2)
        self.log.append(f"type   {text!r}  {what}")


def path_after(d: Driver) -> None:
    """This tree: 接报 with the call's facts and place search, in the order the caller tells them
    (the keyboard never leaves the hands), then 接报并起草初报 → the 初报 on one screen → 报送."""
    c = CASE
    d.chord("ctrl+n", "接报新事件", then="name:intakePlace")
    d.type(c["place_query"], "地点（查找）", then="item:" + c["place"] + "　乡镇（街道）")
    d.key("Return", "取第一条匹配（填入地点、坐标）→ 报告人")
    d.type(c["caller"], "报告人")
    d.key("Tab", "→ 来电号码")
    d.type(c["phone"], "来电号码")
    d.key("Tab", "→ 发生时间")
    d.type(c["occurred"], "发生时间")
    d.key("Tab", "→ 发病人数")
    d.type(c["cases"], "发病人数")
    d.key("Tab", "→ 发生场所")
    d.type(c["setting"][0], "发生场所（键入“幼”选中）", check=c["setting"])
    d.shot("intake-form")
    d.chord("alt+d", "接报并起草初报", then="name:submitInitial")
    d.shot("initial-report-review")
    d.chord("alt+s", "报送初报（先读屏上预填的内容与叙述字段）", then="button:确认报送")
    d.chord("alt+y", "确认报送（Enter 为取消）", then="name:reportMessage")


def path_before(d: Driver) -> None:
    """The branch point's console: 接报 (title, place, facts), then the reports panel's 初报."""
    c = CASE
    d.chord("ctrl+n", "接报新事件", then="field:事件名称")
    d.click("field:事件名称", "事件名称栏")
    d.type(c["title"], "事件名称（含地点和人数）", mental=False)
    d.click("field:地点", "地点栏")
    d.type(c["place"], "地点", mental=False)
    d.click("name:fact_cases", "发病人数栏")
    d.type(c["cases"], "发病人数", mental=False)
    d.click("name:fact_setting", "发生场所", then="item:" + c["setting"])
    d.click("item:" + c["setting"], "选 幼儿园", mental=False, item=True)
    d.click("button:接报", "接报", then="tab:信息报送")
    d.click("tab:信息报送", "信息报送面板", then="button:新建报告草稿")
    d.click("button:新建报告草稿", "新建报告草稿（初报）", then="field:报告人")
    d.click("field:报告人", "报告人栏（预填为角色名）")
    d.chord("ctrl+a", "全选")
    d.type(c["caller"], "报告人", mental=False)
    d.click("field:联系电话", "联系电话栏")
    d.type(c["phone"], "联系电话", mental=False)
    d.click("field:发生时间", "发生时间栏（预填为接报时间）")
    d.chord("ctrl+a", "全选")
    today = datetime.now(timezone(timedelta(hours=8))).strftime('%Y-%m-%d')  # the console's (China) date
    d.type(f"{today} {c['occurred']}", "发生时间", mental=False)
    d.click("button:报送", "报送", then=None)


def stored_report(db: Path) -> dict[str, Any]:
    import sqlite3

    con = sqlite3.connect(db)
    row = con.execute("select r.status, r.content, i.title, i.place, i.lat from reports r join incidents i "
                      "on i.id = r.incident_id order by r.created_us desc limit 1").fetchone()
    ev = con.execute("select payload from events where type = 'open' order by seq desc limit 1").fetchone()
    con.close()
    if row is None:
        return {"status": None}
    fields = json.loads(row[1]).get("fields", {})
    payload = json.loads(ev[0]) if ev else {}
    return {"status": row[0], "title": row[2], "place": row[3], "has_point": row[4] is not None,
            "call": payload.get("data", {}).get("call"),
            "report": {k: fields.get(k) for k in ("title", "occurred_at", "received_at", "reporter", "phone",
                                                  "location_detail", "cases", "venue_type")}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=str(Path(__file__).resolve().parents[1]), help="the checkout to run")
    ap.add_argument("--path", choices=["before", "after"], default="after")
    ap.add_argument("--display", default=":23")
    ap.add_argument("--size", default="1600x1000")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--out", default=None, help="write the result as JSON here")
    ap.add_argument("--screenshot", default=None, help="a PNG of the screen at the end")
    ap.add_argument("--shots", default=None, help="a folder for PNGs of the screen along the way")
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="intake-klm-"))
    xvfb = None
    if subprocess.run(["xdotool", "getdisplaygeometry"], env={**os.environ, "DISPLAY": args.display},
                      capture_output=True).returncode:
        xvfb = subprocess.Popen(["Xvfb", args.display, "-screen", "0", f"{args.size}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (work / "child.py").write_text(CHILD, encoding="utf-8")
    db = work / "demo.sqlite3"
    env = {**os.environ, "DISPLAY": args.display, "PYTHONPATH": args.tree, "QT_QPA_PLATFORM": "xcb",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox", "FDS_CONSOLE_SETTINGS": str(work / "console.ini")}
    env.pop("QT_QUICK_BACKEND", None)
    child = subprocess.Popen([args.python, str(work / "child.py"), str(port), START_LOCAL, "--demo",
                              "--db", f"sqlite:///{db}", "--settings", str(work / "console.ini")],
                             cwd=args.tree, env=env, stdout=subprocess.DEVNULL,
                             stderr=open(work / "console.log", "w"))  # noqa: SIM115
    tally, log = Tally(), list[str]()
    d = Driver(port, args.display, tally, log)
    d.shots = Path(args.shots) if args.shots else None
    result: dict[str, Any] = {}
    try:
        d.connect()
        d.settle(until="tab:信息报送", timeout=90)  # the panels docked after the first paint
        time.sleep(2.0)  # the map's first load
        d.settle()
        d.focus_main()  # the officer is at the console: its window has the keyboard
        t0 = time.monotonic()
        failed = None
        try:
            (path_after if args.path == "after" else path_before)(d)
            d.settle()
        except RuntimeError as exc:  # a step the window did not allow: said in the result
            failed = f"after {len(tally.steps)} steps ({log[-1] if log else 'start'}): {exc}"
        wall = time.monotonic() - t0
        time.sleep(0.5)
        if args.screenshot:
            Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["import", "-window", "root", args.screenshot], env={**os.environ, "DISPLAY": args.display},
                           check=False)
        result = {"path": args.path, "tree": args.tree, "screen": args.size, "failed": failed, **tally.summary(),
                  "driven_wall_s": round(wall, 1), "stored": stored_report(db),
                  "status_bar": d.ask(op="status")["text"], "harness_retyped_chars": d.retries,
                  "steps": [s.__dict__ for s in tally.steps]}
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
        if xvfb is not None:
            xvfb.terminate()
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if result.get("stored", {}).get("status") == "submitted" else 1


if __name__ == "__main__":
    sys.exit(main())
