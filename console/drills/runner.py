"""Running a drill: the controller's (导调) side, Qt-free.

``DrillRun`` opens the drill incident in the drill database, releases injects when the drill
clock reaches their offset or when their trigger shows up in the log, applies the facts an
inject carries, optionally plays the players' expected actions (auto-players, for headless
runs and demonstrations), and tells which expected actions are still pending. Everything it
does is a command through the incident service, so it lands in the same log that scoring and
the after-action review read: ``log.drill`` (start/pause/resume/speed/end), ``log.inject``.

The window calls :meth:`poll` on a short timer; a headless run calls :meth:`run_headless`,
which sleeps until the next thing is due (or jumps there with a virtual clock).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from console.drills.clock import DrillClock
from console.drills.fold import LogFold
from console.drills.refusals import quiet_refusals, watch_refusals
from console.drills.scenario import CHANNELS, Expectation, Inject, Milestone, Scenario, resolve_facts, skip_text
from console.errors import Refused
from console.incidents.service import IncidentService
from console.plan.engine import Rejected
from console.store.db import Database

CONTROLLER_ACTOR = "导调"
CONTROLLER_ROLE = "controller"
AUTO_RETRY = timedelta(minutes=1)
AUTO_MAX_TRIES = 30
IDLE_END = timedelta(hours=2)
# a headless run stops when nothing but far-off deadlines is left
FACT_ROLES = frozenset({"commander", "deputy", "duty_officer", "group_staff"})


class DrillStateError(Refused):
    """An operation the drill's state does not allow (shown to the trainer as it is)."""


@dataclass
class InjectStatus:
    inject: Inject
    due: datetime | None = None  # None: its trigger has not happened yet
    released_at: datetime | None = None
    released_by: str | None = None  # schedule | trigger | hand
    latency_s: float | None = None  # wall seconds after its scheduled time (scheduled releases)
    skipped: timedelta | None = None  # 时间压缩: how far the drill clock jumped as it went out

    @property
    def note(self) -> str:
        """「时间压缩：跳过 2 天」 once an inject with ``skip`` went out (empty otherwise)."""
        return skip_text(self.skipped) if self.skipped else ""

    @property
    def state_zh(self) -> str:
        if self.released_at is not None:
            return "已发出"
        return "待发出" if self.due is not None or self.inject.at is not None else "等待触发"


@dataclass(order=True)
class _Auto:
    due: datetime
    seq: int
    exp: Expectation = field(compare=False)
    tries: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Pending:
    """An expected player action: released, and done or not."""

    expectation: Expectation
    released_at: datetime
    due_at: datetime
    done_at: datetime | None

    @property
    def status(self) -> str:
        if self.done_at is not None:
            return "done" if self.done_at <= self.due_at else "late"
        return "pending"

    def status_zh(self, now: datetime) -> str:
        if self.done_at is not None:
            return "已按时完成" if self.done_at <= self.due_at else "已完成（超时）"
        return "已超时未完成" if now > self.due_at else "待完成"


class DrillRun:
    def __init__(self, scenario: Scenario, db: Database, clock: DrillClock, *, auto_players: bool = False,
                 controller: str = CONTROLLER_ACTOR, incidents: IncidentService | None = None):
        """``incidents``: the players' console's incident service (``Console(…, mode="drill")
        .incidents``), so injects and players share one change hub; made here when not given."""
        self.scenario = scenario
        self.db = db
        self.clock = clock
        self.auto_players = auto_players
        self.controller = controller
        self.service = incidents if incidents is not None else IncidentService(db, clock, mode="drill")
        watch_refusals(self.service)  # players' refused attempts go into the drill's log (log.refused)
        self.plan = scenario.plan
        self.fold = LogFold(self.plan)
        self.incident_id: str | None = None
        self.injects = {i.id: InjectStatus(i) for i in scenario.injects}
        self._auto: list[_Auto] = []
        self._auto_seq = 0
        self.failures: list[tuple[Expectation, str]] = []
        self.listeners: list[Callable[[str], None]] = []
        self._lock = threading.RLock()
        self.t0: datetime | None = None
        self.last_activity: datetime | None = None
        self.skips: list[tuple[datetime, datetime]] = []  # 时间压缩: (drill time before, after) of each jump

    # -- state -----------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self.clock.started

    @property
    def ended(self) -> bool:
        return self.clock.ended

    @property
    def running(self) -> bool:
        return self.clock.running and not self.clock.ended

    def elapsed(self) -> timedelta:
        return self.clock.now() - self.t0 if self.t0 else timedelta(0)

    def _notify(self, what: str) -> None:
        for cb in list(self.listeners):
            cb(what)

    # -- commands through the incident service -------------------------------------------
    def _cmd(self, type: str, data: dict[str, Any], *, actor: str, role: str) -> None:
        assert self.incident_id is not None
        self.service.command(self.incident_id, type, data, actor=actor, role=role)
        self._sync()

    def _sync(self) -> list[tuple[str, datetime]]:
        """Feed events written since the last look (ours, the players', deadlines) to the fold."""
        assert self.incident_id is not None
        new = self.service.engine_events(self.incident_id, after_version=self.fold.count)
        hits = self.fold.feed_all(new)
        for key, at in hits:
            for st in self.injects.values():
                w = st.inject.when
                if w is not None and st.due is None and st.released_at is None and self._trigger_key(w) == key:
                    st.due = at + st.inject.after
        acted = [e for e in new if e.type != "deadline_missed"]  # a missed deadline is the clock, not a player
        if acted:
            self.last_activity = acted[-1].at
        return hits

    def _trigger_key(self, w: Milestone) -> str:
        """The log milestone a trigger waits for: ``{expected: X}`` is what shows X done (a 记录 note
        names X; any other action, its own milestone — a 会商, an event, a 上级批复)."""
        if w.kind == "expected":
            exp = next((e for e in self.scenario.expectations() if e.id == w.arg), None)
            if exp is not None:
                return exp.milestone.key()
        return w.key()

    def sync(self) -> None:
        """Read events others wrote (players, evaluators) since the last look."""
        with self._lock:
            if self.incident_id is not None:
                self._sync()

    def _drill_log(self, action: str, **data: Any) -> None:
        self._cmd("log.drill", {"action": action, **data}, actor=self.controller, role=CONTROLLER_ROLE)

    # -- controller actions ------------------------------------------------------------
    def start(self) -> str:
        with self._lock:
            if self.clock.started:
                raise DrillStateError("演练已经开始")
            self.clock.start()
            t0 = self.t0 = self.clock.now()
            inc = self.scenario.incident
            try:
                res = self.service.open(self.plan, title=inc["title"], actor=inc["actor"], role=inc["role"],
                                        facts=resolve_facts(inc["facts"], self.plan, t0), lat=inc["lat"],
                                        lon=inc["lon"], place=inc["place"], received_at=t0)
            except Exception:
                self.clock.started = self.clock.running = False  # nothing was written: the drill can start again
                self.t0 = None
                raise
            self.incident_id = res.incident_id
            self._sync()
            s = self.scenario
            self._drill_log("start", scenario=s.id, title=s.title, type=s.type, hash=s.content_hash,
                            source=s.source_text, speed=self.clock.speed, auto_players=self.auto_players)
            for st in self.injects.values():
                if st.inject.at is not None:
                    st.due = t0 + st.inject.at
        self._notify("started")
        return res.incident_id

    def pause(self) -> None:
        with self._lock:
            self._need_running()
            self.clock.pause()
            self._drill_log("pause")
        self._notify("paused")

    def resume(self) -> None:
        with self._lock:
            if self.ended or not self.started:
                raise DrillStateError("演练尚未开始或已结束")
            self.clock.resume()
            self._drill_log("resume")
        self._notify("resumed")

    def set_speed(self, speed: float) -> None:
        with self._lock:
            if self.ended:
                raise DrillStateError("演练已结束")
            self.clock.set_speed(speed)
            if self.started:
                self._drill_log("speed", speed=speed)
        self._notify("speed")

    def end(self, reason: str = "") -> None:
        with self._lock:
            if not self.started or self.ended:
                raise DrillStateError("演练尚未开始或已结束")
            was_running = self.clock.running
            if not was_running:
                self.clock.resume()
            self._drill_log("end", reason=reason or "演练结束",
                            unreleased=[i for i, st in self.injects.items() if st.released_at is None])
            self.clock.stop()
        self._notify("ended")

    def stop_early(self, reason: str, *, by: str) -> None:
        """意外终止: stop the drill before its script is done, saying why and who decided
        (recorded as a ``log.drill`` ``early_stop`` record, then the drill ends)."""
        reason = (reason or "").strip()
        by = (by or "").strip()
        if not reason:
            raise DrillStateError("请写明意外终止的原因")
        if not by:
            raise DrillStateError("请写明决定终止演练的人（如总指挥）")
        with self._lock:
            if not self.started or self.ended:
                raise DrillStateError("演练尚未开始或已结束")
            if not self.clock.running:
                self.clock.resume()
            self._drill_log("early_stop", reason=reason[:500], by=by[:100])
            self._drill_log("end", reason=f"意外终止：{reason[:480]}",
                            unreleased=[i for i, st in self.injects.items() if st.released_at is None])
            self.clock.stop()
        self._notify("ended")

    def _need_running(self) -> None:
        if not self.running:
            raise DrillStateError("演练未在进行（未开始、已暂停或已结束）")

    def release_now(self, inject_id: str, controller: str | None = None) -> None:
        """Release an inject by hand (ahead of its time or its trigger); ``controller``: the
        导调 who released it (default: the controller running the drill)."""
        with self._lock:
            self._need_running()
            st = self.injects.get(inject_id)
            if st is None:
                raise DrillStateError(f"脚本中没有注入 {inject_id}")
            if st.released_at is not None:
                raise DrillStateError(f"注入 {inject_id} 已于 {st.released_at:%H:%M} 发出")
            self._release(st, "hand", controller)
        self._notify("inject")

    def _skipped_between(self, a: datetime, b: datetime) -> timedelta:
        """Drill time between ``a`` and ``b`` that was jumped over (时间压缩), not lived through."""
        total = timedelta(0)
        for lo, hi in self.skips:
            lo, hi = max(lo, a), min(hi, b)
            if hi > lo:
                total += hi - lo
        return total

    def _skip(self, inj: Inject) -> None:
        """时间压缩: the drill clock jumps forward by the inject's ``skip`` before it goes out, and a
        ``log.drill`` ``skip`` record says so. Injects whose offset the jump passed are due at once;
        deadlines and expected actions keep being judged on drill time."""
        assert inj.skip is not None
        before = self.clock.now()
        after = self.clock.advance(inj.skip)
        self.skips.append((before, after))
        self.injects[inj.id].skipped = inj.skip
        self._drill_log("skip", inject=inj.id, seconds=int(inj.skip.total_seconds()), text=skip_text(inj.skip),
                        **{"from": before.isoformat(), "to": after.isoformat()})

    def _release(self, st: InjectStatus, by: str, controller: str | None = None) -> None:
        inj = st.inject
        if inj.skip:
            self._skip(inj)
        now = self.clock.now()
        org = self.scenario.organisation
        segment = org.segment_of(inj.id) if org is not None else None
        if by != "hand" and st.due is not None:
            lived = now - st.due - self._skipped_between(st.due, now)
            st.latency_s = (max(lived.total_seconds() / self.clock.speed, 0.0)
                            if not self.clock.virtual else 0.0)
        facts = resolve_facts(inj.facts, self.plan, now)  # `now` is the drill time after any skip
        data = {"inject": inj.id, "seq": inj.seq, "title": inj.title, "part": inj.part, "from": inj.sender,
                "to": inj.receiver, "channel": inj.channel, "channel_zh": CHANNELS[inj.channel], "kind": inj.kind,
                "text": inj.text, "facts": facts, "by": by,
                "scheduled": st.due.isoformat() if st.due else None,
                # 分段演练: the site and the controller (导调) who released it
                "controller": (controller or "").strip() or (segment.controller if segment and segment.controller
                                                             else self.controller)}
        if segment is not None:
            data["site"] = segment.site
        if inj.skip:
            data["skip"] = skip_text(inj.skip)
        st.released_at = now
        st.released_by = by
        self._cmd("log.inject", data, actor=self.controller, role=CONTROLLER_ROLE)
        if facts and not self.fold.state.closed:  # type: ignore[union-attr]
            # The controller may not change facts (console.auth.roles): the new facts are entered
            # for the receiving staff role, marked with the inject they came from.
            role = inj.receiver if inj.receiver in FACT_ROLES else "duty_officer"
            try:
                self._cmd("facts", {"facts": facts, "inject": inj.id},
                          actor=f"{self.plan.role_title(role)}（据注入 {inj.id} 录入）", role=role)
            except Rejected as r:
                self.failures.append((Expectation(inj.id, inj.title, CONTROLLER_ROLE, timedelta(0), {}, None,
                                                  False, inj.id), r.reason))
        if self.auto_players:
            for exp in inj.expect:
                if exp.auto:
                    delay = exp.auto_after if exp.auto_after is not None else exp.within / 2
                    self._auto_seq += 1
                    self._auto.append(_Auto(now + delay, self._auto_seq, exp))

    # -- the loop ------------------------------------------------------------------------
    def poll(self) -> int:
        """Release what is due, record passed deadlines, play due auto actions. Returns how many things ran."""
        done = 0
        with self._lock:
            if not self.running or self.incident_id is None:
                return 0
            if self._sync():  # players' commands from the normal console may fire triggers
                done += 1
            for _ in range(10_000):
                now = self.clock.now()
                if self.fold.state is not None and not self.fold.state.closed:
                    if self.service.tick(self.incident_id) is not None:
                        self._sync()
                due = sorted((st for st in self.injects.values()
                              if st.released_at is None and st.due is not None and st.due <= now),
                             key=lambda st: (st.due, st.inject.seq))
                if due:
                    self._release(due[0], "schedule" if due[0].inject.at is not None else "trigger")
                    done += 1
                    continue
                autos = sorted(a for a in self._auto if a.due <= now)
                if autos:
                    self._perform(autos[0])
                    done += 1
                    continue
                break
        if done:
            self._notify("tick")
        return done

    def next_due(self, *, deadlines: bool = True) -> datetime | None:
        times = [st.due for st in self.injects.values() if st.released_at is None and st.due is not None]
        times += [a.due for a in self._auto]
        if deadlines and self.fold.state is not None and not self.fold.state.closed:
            # 立即 (immediate) deadlines are never recorded missed by the clock: nothing to wait for
            dl = [d for d in self.fold.state.open_deadlines() if not d.get("immediate", False)]
            if dl:
                times.append(dl[0]["due_at"])
        return min(times) if times else None

    def run_headless(self, *, until: timedelta | None = None, on_step: Callable[[], None] | None = None) -> None:
        """Play the whole scenario: start, wait for each due thing, end when nothing is left to do."""
        if not self.started:
            self.start()
        assert self.t0 is not None
        limit = self.t0 + until if until is not None else None
        while True:
            self.poll()
            if on_step is not None:
                on_step()
            work = self.next_due(deadlines=False)
            dl = self.next_due(deadlines=True)
            waiting = any(st.released_at is None for st in self.injects.values())
            if work is None:
                last = self.last_activity or self.clock.now()
                if not waiting or dl is None or dl > last + IDLE_END:
                    break
                target = dl
            else:
                target = min(work, dl) if dl is not None else work
            if limit is not None and target > limit:
                self.clock.sleep_until(limit)
                break
            self.clock.sleep_until(target)
        self.poll()
        self.end("脚本执行完毕" if until is None else "达到设定的演练时长")

    # -- auto-players ------------------------------------------------------------------
    def _perform(self, a: _Auto) -> None:
        exp = a.exp
        self._auto.remove(a)
        released, done = self.fold.expectation_done(self.scenario, exp.id)
        if done is not None:
            return  # a player did it already
        state = self.fold.state
        assert state is not None
        actor = f"{self.plan.role_title(exp.role)}（模拟）"
        (k, v), = exp.action.items()
        try:
            with quiet_refusals(self.service) if a.tries else nullcontext():  # its first refusal is recorded
                self._play(k, v, exp, state, actor)
        except Rejected as r:
            a.tries += 1
            if a.tries >= AUTO_MAX_TRIES:
                self.failures.append((exp, r.reason))
            else:
                a.due = self.clock.now() + AUTO_RETRY
                self._auto.append(a)

    def _play(self, k: str, v: Any, exp: Expectation, state: Any, actor: str) -> None:
        """One auto-player action through the incident service (Rejected when the plan refuses it)."""
        if state.closed and k != "note":
            raise Rejected("closed", "事件已结案")
        if k == "fire":
            self._cmd("fire", {"event": v}, actor=actor, role=exp.role)
        elif k == "report":
            self._auto_report(str(v), actor=actor, role=exp.role)
        elif k in ("task", "unit_task"):
            field_ = "plan_id" if k == "task" else "unit"
            open_ = [t for t in state.tasks.values() if t["status"] == "open" and t.get(field_) == v]
            if not open_:
                raise Rejected("no_task", f"没有未完成的任务「{v}」")
            task = max(open_, key=lambda t: (t["created_at"], int(t["id"][1:])))
            self._cmd("complete_task", {"task": task["id"], "note": exp.title}, actor=actor, role=exp.role)
        elif k == "consult":
            self._cmd("consult_concluded", dict(v), actor=actor, role=exp.role)
        elif k == "decide_level":
            self._cmd("decide_level", dict(v), actor=actor, role=exp.role)
        elif k == "facts":
            self._cmd("facts", {"facts": resolve_facts(v, self.plan, self.clock.now())}, actor=actor, role=exp.role)
        elif k == "approve":  # 登记上级批复 (plan format 2): the engine refuses one not yet requested
            data = {"approval": v["approval"], "granted": bool(v["granted"])}
            data.update({f: v[f] for f in ("doc_no", "by", "reason") if v.get(f)})
            self._cmd("approval_decided", data, actor=actor, role=exp.role)
        elif k == "materials":
            req = next((m for m in state.materials if m.get("status") != "delivered"), None)
            if req is None:
                raise Rejected("no_request", "没有待送达的物资调用")
            self._cmd("materials_delivered", {"request": req["id"], "note": exp.title}, actor=actor, role=exp.role)
        elif k == "note":
            self._cmd("note", {"text": v, "expected": exp.id}, actor=actor, role=exp.role)

    def _auto_report(self, kind: str, *, actor: str, role: str) -> None:
        """A simulated player's report goes the way a real one does: 拟稿 (pre-filled, the fields
        the incident does not give marked as simulated) → 审核 → 签发 (by the simulated
        commander) → 报送."""
        from console.reports.service import ReportService

        assert self.incident_id is not None
        rs = ReportService(self.db, self.clock, self.service)
        signer = f"{self.plan.role_title('commander')}（模拟）"
        try:
            rec = rs.draft(self.incident_id, kind, actor=actor)
            if rec.status == "draft":
                form = rs.form(self.incident_id, kind)
                state = self.service.state(self.incident_id)
                now = self.clock.now().isoformat(timespec="minutes")
                fill: dict[str, Any] = {}
                for p in rs.problems(rec.id):
                    spec = next((f for f in form.fields if f.key == p.field), None)
                    if spec is None or rec.fields.get(spec.key) not in (None, ""):
                        continue
                    if spec.type == "int":
                        fill[spec.key] = 0
                    elif spec.type == "datetime":
                        fill[spec.key] = now
                    elif spec.type == "level":
                        fill[spec.key] = state.level or state.suggested_level or self.plan.level_ids[-1]
                    elif spec.type == "choice":
                        fill[spec.key] = spec.choices[-1] if spec.choices else ""
                    else:
                        fill[spec.key] = (actor if spec.key == "reporter" else "（演练模拟）")[: spec.max_len]
                if fill:
                    rs.save(rec.id, fill, actor=actor)
                rec = rs.review(rec.id, actor=actor, role=role)
            if rec.status == "reviewed":
                rec = rs.sign(rec.id, actor=signer, role="commander")
            rs.submit(rec.id, actor=actor, role=role)
        except Refused as exc:
            raise Rejected("report", exc.reason) from None
        self._sync()

    # -- what the trainer sees -----------------------------------------------------------
    def pending(self) -> list[Pending]:
        out = []
        for exp in self.scenario.expectations():
            released, done = self.fold.expectation_done(self.scenario, exp.id)
            if released is None:
                continue
            out.append(Pending(exp, released, released + exp.within, done))
        return out

    def inject_rows(self) -> list[InjectStatus]:
        return sorted(self.injects.values(), key=lambda st: st.inject.seq)


def wall_now() -> float:
    return time.monotonic()


def early_stop_of(drill_records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The 意外终止 record among a run's ``log.drill`` records (``LogFold.drill``), or None."""
    return next((d for d in drill_records if d.get("action") == "early_stop"), None)
