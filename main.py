"""食品药品安全应急指挥台 — start the console.

    python main.py --demo                       the embedded demo database (濮阳市)
    python main.py --demo --place lianjiang     the 连江县 demo (county plan)
    python main.py --demo --screenshot out.png  render headless, wait for the map, save a PNG
    python main.py --db URL --screenshot out.png --user NAME --password-stdin
                                                the same on a database with accounts (password on stdin)
    python main.py --db URL                     a SQLite file or postgresql://… server
    python main.py --settings FILE              another settings file (INI)
    python main.py --jurisdiction 410100        another jurisdiction for this run only
    python main.py --demo --wall [--rotate 20]  the wall display (指挥大屏) alone, read-only (docs/wall.md)

Outside the demo the jurisdiction is the database's own (console/site, set in the first-run
assistant or with ``python -m console site set-jurisdiction``); ``--jurisdiction`` overrides it
for this run and changes nothing. A new database (no account, no incident) opens the first-run
assistant (ui/setup) before the main window.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="食品药品安全应急指挥台")
    p.add_argument("--demo", action="store_true", help="使用内置演示数据库")
    p.add_argument("--place", default="puyang", choices=["puyang", "lianjiang"],
                   help="演示地点：puyang（濮阳市，默认）或 lianjiang（连江县）")
    p.add_argument("--db", default=None, help="数据库 URL")
    p.add_argument("--screenshot", default=None, help="渲染主窗口后保存 PNG 并退出")
    p.add_argument("--settings", default=None, help="设置文件（INI）路径")
    p.add_argument("--lang", default=None, choices=["zh_CN", "en"], help="本次运行的界面语言（不改设置）")
    p.add_argument("--role", default=None, help="角色（默认取设置）")
    p.add_argument("--user", default=None, help="用户（默认取设置）；有账号的数据库上与 --screenshot 同用：登录名")
    p.add_argument("--password-stdin", action="store_true",
                   help="与 --screenshot、--user 同用：从标准输入读取该账号的密码（一行）")
    p.add_argument("--jurisdiction", default=None,
                   help="本次运行临时使用的辖区行政区划代码（默认取数据库中的辖区设置；不修改设置）")
    p.add_argument("--wall", action="store_true", help="只打开指挥大屏（只读；有第二块屏幕时在其上全屏）")
    p.add_argument("--rotate", type=int, default=None, help="指挥大屏：多起事件时每 N 秒轮播（默认取设置，15 秒）")
    p.add_argument("--wall-size", default="1920x1080", help="指挥大屏与 --screenshot 同用：截图尺寸，如 3840x2160")
    p.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)  # bench/bench_ui.py
    args = p.parse_args(argv)
    import os

    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Compose the map page in software unless told otherwise (QT_QUICK_BACKEND=rhi): command
    # centres often run on virtual desktops without a usable GPU driver, where the OpenGL path
    # only adds a software rasteriser (llvmpipe, ~50 MB) for the same picture.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from console.clock import SystemClock
    from console.store.db import DatabaseError, open_database
    from ui.i18n import install_translators
    from ui.settings import ConsoleSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("食品药品安全应急指挥台")
    settings = ConsoleSettings(args.settings)
    install_translators(app, args.lang or settings.language)
    clock = SystemClock()
    entities = None
    towns: list = []
    waypoints: list = []
    jurisdiction = args.jurisdiction
    try:
        if args.demo:
            from console import demo as demo_mod
            from console.demo import PLACES, open_demo
            from console.demo import entities as demo_entities
            from console.demo.records import seed_records
            from console.reserves.demo import seed_reserves

            for seeder in (seed_reserves, seed_records):  # depots and stock, experts and records
                if seeder not in demo_mod.EXTRA_SEEDERS:
                    demo_mod.EXTRA_SEEDERS.append(seeder)

            db = open_demo(clock.now(), args.db, args.place)
            jurisdiction = PLACES[args.place].code
            place = args.place
            entities = lambda: demo_entities(place)  # noqa: E731 — read after the window is shown
            from console.demo import townships

            towns = list(townships(args.place))
            from console.reserves.demo import township_waypoints

            waypoints = list(township_waypoints(args.place))
        else:
            db = open_database(args.db or settings.database)  # the command line, else 设置, else embedded
    except DatabaseError as exc:
        if not args.screenshot:
            QMessageBox.critical(None, "无法打开数据库", str(exc))
        print(f"无法打开数据库：{exc}", file=sys.stderr)
        return 1
    user, role = args.user, args.role
    if jurisdiction is not None and not args.demo:  # --jurisdiction: this run only, and a code the map knows
        from console.errors import Refused
        from console.site import checked_division

        try:
            checked_division(jurisdiction)
        except Refused as exc:
            if not args.screenshot:
                QMessageBox.critical(None, "辖区代码无效", str(exc))
            print(f"--jurisdiction：{exc}", file=sys.stderr)
            return 1
    from ui.setup.start import start

    started = start(settings, db, clock, jurisdiction=jurisdiction, user=user, role=role, waypoints=waypoints,
                    interactive=not args.demo and not args.screenshot)
    if started is None:  # the assistant or the login was cancelled
        return 0
    console, user, role = started.console, started.user, started.role
    signed_in = started.signed_in
    if not args.demo:  # the centre's own registers (console.reference): the map's entity layer, the place search
        from ui.reference.setup import window_data

        # read from the database the console opened (the first-run assistant may have chosen another)
        try:
            entities, towns = window_data(console.reference)
        except DatabaseError as exc:  # the window still opens; its banner says the data may be stale
            print(f"无法读取乡镇与监管对象名录：{exc}", file=sys.stderr)
    if not args.demo and args.screenshot and console.accounts.has_users():
        # a headless start is a login too: the account and its password, never skipped
        login, refusal = _screenshot_login(console.accounts, args)
        if login is None:
            print(f"错误：{refusal}", file=sys.stderr)
            return 2
        user, role = login.username, args.role or login.role
        console.signer = login.signer()
    if args.wall:  # 指挥大屏 alone (ui/wall, docs/wall.md): read-only, follows the database
        from ui.wall.start import run_wall

        return run_wall(app, console, settings=settings, jurisdiction=jurisdiction or console.jurisdiction,
                        rotate=args.rotate, screenshot=args.screenshot, size=args.wall_size)
    from ui.wiring import build_window

    # the feature panels are docked just after the window's first paint (dock_panels below)
    win = build_window(console, settings=settings, user=user, role=role, jurisdiction=jurisdiction,
                       entities=entities, townships=towns, live=not args.screenshot, dock_now=False)
    win.show()
    from ui.widgets.outage import install_error_hook

    install_error_hook(win.outage)  # a database error in any panel or timer: the banner, not a traceback
    from ui.health.dialog import install_error_log

    install_error_log(win)  # the console's own errors → errors.log beside the database; 帮助 → 错误日志…
    for notice in settings.notices:
        print(notice, file=sys.stderr)
    # The Qt event loop is also the asyncio loop (qasync): live sync with other consoles runs
    # on it as a task (psycopg's async connection), and finishes cleanly before the console exits.
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    app.setQuitOnLastWindowClosed(False)
    done: asyncio.Future[int] = loop.create_future()

    def finish(code: int = 0) -> None:
        if not done.done():
            done.set_result(code)

    app.lastWindowClosed.connect(finish)
    # The feature panels are docked just after the window's first paint: the duty officer sees
    # the incidents and the map at once, the other tabs fill in a moment later.
    def dock_panels() -> None:
        try:
            win.dock_panels()
        except Exception:  # noqa: BLE001 — already shown in the window's status bar and logged
            pass

    if args.exit_when_shown:  # the cold-start benchmark: the first event-loop turn after show()
        import time

        def shown() -> None:
            app.processEvents()  # the window's first paint
            print(f"shown {time.time():.6f}", flush=True)
            dock_panels()
            app.processEvents()
            print(f"docked {time.time():.6f}", flush=True)
            finish(0)

        QTimer.singleShot(0, shown)
    else:
        QTimer.singleShot(0, dock_panels)
        if signed_in:  # an administrator signed in: the administration window at once
            from ui.admin.menu import greet_admin

            QTimer.singleShot(0, lambda: greet_admin(win, console))
    if args.screenshot:
        out = args.screenshot
        # show an incident under response (graded, with tasks and deadlines), else any open one
        open_ = win.service.list(status="open")
        first = next((s for s in open_ if s.level and s.lat is not None), open_[0] if open_ else None)
        if first:
            win.select(first.id)
        win.load_map_data()
        if win.map is not None:  # show the whole jurisdiction, not just the selected incident
            from console.geo.boundaries import bbox

            win.map.fit_bounds(bbox(win.jurisdiction))
            win.map.set_still(True)  # a picture cannot blink: overdue markers get a steady ring

        def shoot() -> None:
            if win.map is not None:
                win.map.wait_painted(timeout_ms=30000)
            app.processEvents()
            ok = win.grab().save(out)
            print(f"已保存截图 {out}" if ok else f"无法保存截图 {out}")
            # what was assembled, for whoever checks a start (the tests check every start mode)
            from PySide6.QtWidgets import QDockWidget

            docks = sorted(d.objectName() for d in win.findChildren(QDockWidget))
            menus = [a.objectName() for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()
                     if a.objectName()]
            print("面板：" + ",".join(docks))
            print("菜单：" + ",".join(menus))
            print("辖区：" + win.jurisdiction)
            finish(0 if ok and win.assembly is not None else 1)

        QTimer.singleShot(200, shoot)
    async def until_closed() -> int:
        code = await done
        from ui.widgets.runner import runner_for

        runner_for(console).shutdown()  # a command still queued or running is finished, not lost
        for assembly in [win.assembly] if win.assembly is not None else []:
            if assembly.sync is not None:
                await assembly.sync.aclose()  # the feed task ends while the loop still runs
            for w in assembly.windows:
                getattr(w, "close", lambda: None)()
        return code

    with loop:
        code = loop.run_until_complete(until_closed())
    # Delete the web page before its profile while QtWebEngine is still running.
    from PySide6.QtCore import QCoreApplication, QEvent

    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


def _screenshot_login(accounts, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """(login, None) or (None, why): ``--screenshot`` on a database with accounts logs in with
    ``--user NAME`` and the password on stdin (``--password-stdin``), in ``--role`` if given."""
    from console.auth.accounts import LoginFailed

    if not args.user or not args.password_stdin:
        return None, ("此数据库有账号：--screenshot 也须登录。请用 --user 登录名 --password-stdin，"
                      "并从标准输入给出该账号的密码（一行）")
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        login = accounts.login(args.user, password)
    except LoginFailed as exc:
        return None, f"无法登录：{exc.reason}"
    if args.role and args.role not in login.roles:
        return None, f"账号「{login.username}」没有角色「{args.role}」（可用：{'、'.join(login.roles)}）"
    return login, None


if __name__ == "__main__":
    raise SystemExit(main())
