"""Account keys in the chain, several roles, CLI sessions and hardened login (real SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from console.auth.accounts import MAX_FAILURES, AccountService, LoginFailed, first_authenticated_seq
from console.auth.models import users_table
from console.clock import ManualClock
from console.store import EventLog, open_database
from console.store.eventlog import NewEvent
from console.store.signing import certificate_text, verify
from tests.incidents.conftest import T0


def _svc(db, clock, fast_hasher) -> AccountService:  # type: ignore[no-untyped-def]
    return AccountService(db, clock, hasher=fast_hasher)


def _setup(db, clock, fast_hasher):  # type: ignore[no-untyped-def]
    svc = _svc(db, clock, fast_hasher)
    admin = svc.create("admin", "admin-pass-1", role="admin", display_name="系统管理员", by=None)
    svc.create("wang", "password123", role="duty_officer", display_name="王值班", by=admin, also=("deputy",))
    return svc, admin


def _keys_in_chain(db) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for e in EventLog(db).read("admin"):
        if e.type == "admin.key_registered":
            out.setdefault(e.payload["data"]["username"], []).append(e.payload["data"]["public_key"])
    return out


def test_key_made_at_create_is_registered_in_the_chain_and_signs(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    created = {e.payload["data"]["username"]: e.payload["data"] for e in EventLog(db).read("admin")
               if e.type == "admin.user_created"}
    login = svc.login("wang", "password123")
    assert created["wang"]["public_key"] == login.public_key == svc.get("wang").public_key
    assert _keys_in_chain(db)["wang"] == [login.public_key]
    signer = login.signer()
    assert signer.username == "wang" and verify(login.public_key, "text", signer.sign("text"))


def test_keyless_account_gets_its_key_at_first_login(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    with db.connect() as conn:  # an account migrated from before keys
        conn.execute(update(users_table).where(users_table.c.username == "wang")
                     .values(public_key=None, private_key=None))
    before = _keys_in_chain(db)["wang"]
    first = svc.login("wang", "password123")
    assert svc.get("wang").public_key == first.public_key not in before
    assert _keys_in_chain(db)["wang"] == [*before, first.public_key]
    again = svc.login("wang", "password123")  # the same key, no new registration
    assert again.public_key == first.public_key and _keys_in_chain(db)["wang"] == [*before, first.public_key]
    assert EventLog(db).verify().ok


def test_own_password_change_keeps_the_key_admin_reset_replaces_it(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, admin = _setup(db, clock, fast_hasher)
    mine = svc.login("wang", "password123")
    svc.reset_password("wang", "new-password-1", by=mine)
    assert svc.login("wang", "new-password-1").public_key == mine.public_key
    assert _keys_in_chain(db)["wang"] == [mine.public_key]
    svc.reset_password("wang", "new-password-2", by=admin)
    renewed = svc.login("wang", "new-password-2")
    assert renewed.public_key != mine.public_key
    assert _keys_in_chain(db)["wang"] == [mine.public_key, renewed.public_key]


def test_several_roles_primary_first_recorded_in_admin_events(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, admin = _setup(db, clock, fast_hasher)
    assert svc.get("wang").roles == ("duty_officer", "deputy")
    svc.set_role("wang", "commander", by=admin, also=("deputy", "expert"))
    assert svc.get("wang").roles == ("commander", "deputy", "expert")
    assert svc.login("wang", "password123").roles == ("commander", "deputy", "expert")
    changed = [e.payload["data"] for e in EventLog(db).read("admin") if e.type == "admin.role_changed"]
    assert changed == [{"username": "wang", "from": "duty_officer", "to": "commander",
                        "from_roles": ["duty_officer", "deputy"], "roles": ["commander", "deputy", "expert"],
                        "unit": None}]


def test_sessions_are_certified_by_the_account_key_and_expire(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    login = svc.login("wang", "password123")
    grant = svc.open_session(login, hours=2)
    c = grant.certificate
    assert c.account_public_key == login.public_key
    assert verify(login.public_key, certificate_text("wang", grant.signer().public_key, c.expires_us), c.signature)
    assert svc.session(grant.token).user.username == "wang"
    clock.advance(timedelta(hours=2, seconds=1))
    with pytest.raises(LoginFailed, match="会话已过期，请重新 login"):
        svc.session(grant.token)
    with pytest.raises(Exception, match="会话时长"):
        svc.open_session(login, hours=25)
    other = svc.open_session(login, hours=1)
    assert svc.close_session(other.token)
    with pytest.raises(LoginFailed, match="已注销"):
        svc.session(other.token)


def test_one_message_for_unknown_name_and_wrong_password_and_for_their_locks(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    messages = {"wang": [], "ghost": []}  # type: ignore[var-annotated]
    for _ in range(MAX_FAILURES + 1):
        for name in messages:
            with pytest.raises(LoginFailed) as e:
                svc.login(name, "wrong-password")
            messages[name].append(e.value.reason)
    assert messages["wang"] == messages["ghost"]
    assert messages["wang"][0] == "登录名或密码不正确" and "锁定" in messages["wang"][-1]
    with pytest.raises(LoginFailed, match="锁定"):
        svc.login("wang", "password123")


def test_a_huge_user_name_is_refused_before_hashing_and_never_logged(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    head = EventLog(db).head()
    for name, pw in (("x" * 1_000_000, "password123"), ("wang", "p" * 257)):
        with pytest.raises(LoginFailed, match="不超过 64 个字符"):
            svc.login(name, pw)
    assert EventLog(db).head() == head


@pytest.mark.parametrize("name", ["wang", "ghost"])
def test_a_thousand_failures_write_a_bounded_number_of_small_events(db, clock, fast_hasher, name) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    seq0 = EventLog(db).head()[0]
    for _ in range(1000):
        with pytest.raises(LoginFailed):
            svc.login(name, "wrong-password")
    new = list(EventLog(db).read(after_seq=seq0))
    # the first failure of the window and the lock; the other 998 only counted
    assert [e.type for e in new] == ["auth.login_failed", "auth.locked"]
    size = sum(len(json.dumps(e.payload, ensure_ascii=False)) + len(e.actor) + 200 for e in new)
    assert size < 2_000
    # an hour later (the lock over) the next event carries what was counted meanwhile
    clock.advance(timedelta(hours=1))
    with pytest.raises(LoginFailed, match="登录名或密码不正确"):
        svc.login(name, "wrong-password")
    last = list(EventLog(db).read(after_seq=seq0))[-1]
    assert last.type == "auth.login_failed" and last.payload["data"]["failures_since_last"] == 1000 - MAX_FAILURES + 1


def test_a_thousand_failures_over_hours_stay_bounded(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    svc, _admin = _setup(db, clock, fast_hasher)
    seq0 = EventLog(db).head()[0]
    for _ in range(1000):  # one guess a minute for 1000 minutes
        with pytest.raises(LoginFailed):
            svc.login("ghost", "wrong-password")
        clock.advance(timedelta(minutes=1))
    new = list(EventLog(db).read(after_seq=seq0))
    assert len(new) <= 2 * (1000 // 15 + 1)  # at most a failure and a lock event per 15-minute window
    assert sum(e.payload["data"]["failures_since_last"] for e in new) <= 1000


@pytest.mark.parametrize("name", ["wang", "ghost"])
def test_parallel_wrong_passwords_lock_the_name(db_url, clock, fast_hasher, name) -> None:  # type: ignore[no-untyped-def]
    main = open_database(db_url)
    try:
        _setup(main, clock, fast_hasher)
        barrier = threading.Barrier(20)
        outcomes: list[str] = []

        def guess() -> None:
            db = open_database(db_url)  # each guesser its own connection
            try:
                svc = _svc(db, ManualClock(T0), fast_hasher)
                barrier.wait()
                try:
                    svc.login(name, "wrong-password")
                    outcomes.append("in")
                except LoginFailed as exc:
                    outcomes.append(exc.reason)
            finally:
                db.close()

        threads = [threading.Thread(target=guess) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(outcomes) == 20 and "in" not in outcomes
        svc = _svc(main, clock, fast_hasher)
        with pytest.raises(LoginFailed, match="锁定"):
            svc.login(name, "password123")
        locks = [e for e in EventLog(main).read("auth") if e.type == "auth.locked"]
        assert len(locks) == 1
        assert EventLog(main).verify().ok
    finally:
        main.close()


def test_events_before_the_first_account_are_unauthenticated(db, clock, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    assert first_authenticated_seq(db) is None
    log.append("demo-1", 0, [NewEvent("note", T0, "张三", "duty_officer", {"text": "账号之前"})])
    log.append("demo-1", 1, [NewEvent("note", T0, "张三", "duty_officer", {"text": "账号之前"})])
    _setup(db, clock, fast_hasher)
    assert first_authenticated_seq(db) == 3
