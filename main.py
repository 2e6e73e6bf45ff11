"""食品药品安全应急指挥台 — start the console.

    python main.py --demo                       the embedded demo database (濮阳市)
    python main.py --demo --screenshot out.png  render headless, wait for the map, save a PNG
    python main.py --db URL                     a SQLite file or postgresql://… server
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="食品药品安全应急指挥台")
    p.add_argument("--demo", action="store_true", help="使用内置演示数据库")
    p.add_argument("--db", default=None, help="数据库 URL")
    p.add_argument("--screenshot", default=None, help="渲染主窗口后保存 PNG 并退出")
    p.add_argument("--role", default="commander")
    p.add_argument("--user", default="值班员")
    args = p.parse_args(argv)
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from console.clock import SystemClock
    from console.incidents import IncidentService
    from console.store.db import DatabaseError, open_database

    app = QApplication(sys.argv[:1])
    app.setApplicationName("食品药品安全应急指挥台")
    clock = SystemClock()
    try:
        if args.demo:
            from console.demo import open_demo

            db = open_demo(clock.now(), args.db)
        else:
            db = open_database(args.db)
    except DatabaseError as exc:
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        print(f"无法打开数据库：{exc}", file=sys.stderr)
        return 1
    from ui.main_window import MainWindow

    win = MainWindow(IncidentService(db, clock), user=args.user, role=args.role)
    win.show()
    if args.screenshot:
        out = args.screenshot
        first = win.service.list()
        if first:
            win.select(first[0].id)

        def shoot() -> None:
            if win.map is not None:
                win.map.wait_painted(timeout_ms=20000)
            app.processEvents()
            ok = win.grab().save(out)
            print(f"已保存截图 {out}" if ok else f"无法保存截图 {out}")
            app.exit(0 if ok else 1)

        QTimer.singleShot(200, shoot)
    code = app.exec()
    # Delete the web page before its profile while QtWebEngine is still running.
    from PySide6.QtCore import QCoreApplication, QEvent

    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
