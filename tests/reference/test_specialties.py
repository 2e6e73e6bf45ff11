"""Expert specialties from the controlled vocabulary: normalised on import (unknown refused per
row with suggestions), synonyms satisfy a consultation's specialties, a centre adds its own
synonyms; ``plan check`` warns for specialties outside the vocabulary and, with ``--db``, for a
quorum the registry can never meet."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.app import Console
from console.errors import InvalidInput
from console.reference.registers import ReferenceError
from console.reference.vocabulary import shipped_vocabulary
from tests.records_fixtures import open_school_incident
from tests.reference.conftest import ROOT, write

HEADER = "编号,姓名,专业领域,工作单位,联系电话\n"
CMD = {"actor": "指挥长", "role": "commander"}


def test_the_shipped_vocabulary_knows_every_specialty_the_shipped_plans_ask_for() -> None:
    import yaml

    vocab = shipped_vocabulary()
    for plan in (ROOT / "plans").glob("*.yaml"):
        text = plan.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "specialties:" in line:
                specs = yaml.safe_load("{" + line.split("{", 1)[1].rsplit("}", 1)[0] + "}")["specialties"]
                assert all(s in vocab for s in specs), (plan.name, specs)
    from console.experts.registry import SPECIALTIES

    assert all(vocab.canonical(s) == s for s in SPECIALTIES)  # the registry's own list are terms
    assert vocab.canonical("食品安全学") == "食品安全" and vocab.canonical(" 毒理学 ") == "临床毒理"
    assert vocab.same("ADR监测", "药品不良反应监测") and not vocab.same("法律", "食品安全")


def test_experts_are_normalised_on_import_and_unknown_specialties_refused_per_row(console: Console,
                                                                                  tmp_path: Path) -> None:
    good = write(tmp_path, "e.csv", HEADER + "X1,甲,食品安全学、毒理学,某单位,13900000001\n"
                                             "X2,乙,现场流行病学,某单位,13900000002\n")
    assert console.experts.import_file(good, actor="管理员") == 2
    assert console.experts.get("X1").specialties == ("食品安全", "临床毒理")
    assert console.experts.get("X2").specialties == ("流行病学",)
    bad = write(tmp_path, "b.csv", HEADER + "X3,丙,食品安全,某单位,13900000003\n"
                                            "X4,丁,食品安检,某单位,13900000004\n"
                                            "X5,戊,天文学,某单位,13900000005\n")
    with pytest.raises(InvalidInput) as info:
        console.experts.import_file(bad, actor="管理员")
    said = [str(p) for p in info.value.problems]
    assert said[0].startswith("第 3 行「专业领域」「食品安检」不在专业领域词表中（是否指：食品安全")
    assert said[1].startswith("第 4 行「专业领域」「天文学」不在专业领域词表中")
    assert len(said) == 2 and [e.code for e in console.experts.list()] == ["X1", "X2"]  # X3 not written either


SYNONYM_EXPERTS = (HEADER + "ZZ-001,甲,食品安全、检验检测,某单位,13900000001\n"
                   "ZZ-002,乙,流行病学,某单位,13900000002\n"
                   "ZZ-003,丙,临床毒理学,某单位,13900000003\n"
                   "ZZ-004,丁,食品安全学、营养学,某单位,13900000004\n"
                   "ZZ-005,戊,急诊医学、临床医学,某单位,13900000005\n"
                   "ZZ-006,己,现场流行病学,某单位,13900000006\n"
                   "ZZ-009,庚,法律,某单位,13900000009\n"
                   "ZZ-012,辛,毒理学,某单位,13900000012\n")


def test_a_synonym_satisfies_the_quorum_specialties(console: Console, clock, tmp_path: Path) -> None:  # noqa: ANN001
    console.experts.import_file(write(tmp_path, "experts.csv", SYNONYM_EXPERTS), actor="管理员")
    iid = open_school_incident(console.incidents, clock)
    # the plan asks 食品安全、流行病学、临床毒理; the file said 食品安全学, 现场流行病学, 毒理学 …
    c = console.consultations.open(iid, "grade", specialties=["食品安全学", "流行病学", "临床毒理学"], quorum=3, **CMD)
    codes = [e.code for e in console.consultations.candidates(c.id)]
    assert {"ZZ-001", "ZZ-002", "ZZ-003", "ZZ-004", "ZZ-006", "ZZ-012"} == set(codes)
    console.consultations.invite(c.id, ["ZZ-004", "ZZ-006", "ZZ-012"], **CMD)
    for code in ("ZZ-004", "ZZ-006", "ZZ-012"):
        console.consultations.opinion(c.id, code, recommend="approve", level="III", text="同意", **CMD)
    assert console.consultations.get(c.id).quorum_met


def test_a_centre_adds_its_own_synonym(console: Console, tmp_path: Path) -> None:
    ref = console.reference
    with pytest.raises(ReferenceError, match="不是专业领域词表中的专业"):
        ref.add_synonym("食品卫生监督", "卫生监督学", actor="管理员")
    with pytest.raises(ReferenceError, match="已在词表中（表示「食品安全」）"):
        ref.add_synonym("食品安全学", "食品安全", actor="管理员")
    ref.add_synonym("食品卫生监督", "营养与食品卫生", actor="管理员")
    assert ref.vocabulary().canonical("食品卫生监督") == "营养与食品卫生"
    f = write(tmp_path, "e.csv", HEADER + "X1,甲,食品卫生监督,某单位,13900000001\n")
    console.experts.import_file(f, actor="管理员")
    assert console.experts.get("X1").specialties == ("营养与食品卫生",)
    assert ref.counts()["synonyms"] == 1 and ref.verify() == []


def test_plan_check_warns_for_an_unknown_specialty_and_for_a_quorum_never_met(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from console.cli import main

    plan = tmp_path / "plan.yaml"
    src = (ROOT / "plans" / "food-municipal.yaml").read_text(encoding="utf-8")
    assert "specialties: [食品安全, 流行病学, 临床毒理]" in src
    changed = src.replace("specialties: [食品安全, 流行病学, 临床毒理]", "specialties: [食品安全, 流行病学, 天文学]", 1)
    plan.write_text(changed, encoding="utf-8")
    assert main(["plan", "check", str(plan)]) == 0
    out = capsys.readouterr().out
    line = next(i for i, x in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if "天文学" in x)
    assert f"{plan}:{line}:" in out and "warning: 会商所需专业「天文学」不在专业领域词表中" in out
    # with --db: a registry of two 食品安全 experts and one 流行病学 expert can never seat 3 for 天文学 …
    db = str(tmp_path / "c.sqlite3")
    experts = write(tmp_path, "e.csv", HEADER + "X1,甲,食品安全学,某单位,13900000001\n")
    assert main(["--db", db, "experts", "import", str(experts)]) == 0
    capsys.readouterr()
    assert main(["plan", "check", str(ROOT / "plans" / "food-municipal.yaml"), "--db", db]) == 0  # warnings only
    out = capsys.readouterr().out
    assert ("warning: 会商「事件分级研判」需要 3 名专家（专业：食品安全、流行病学、临床毒理），"
            "专家库中符合的专家只有 1 名") in out
    assert "warning: 会商「事件分级研判」所需专业「流行病学」在专家库中没有专家" in out
    # located at the consult effect (its line looked up: the plan's comments citing sources move it)
    consult_line = next(i for i, x in enumerate((ROOT / "plans" / "food-municipal.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if "consult: {question: grade, title: 事件分级研判" in x)
    assert f"food-municipal.yaml:{consult_line}:" in out
    experts = write(tmp_path, "f.csv", HEADER + "X2,乙,现场流行病学,某单位,13900000002\n"
                                                "X3,丙,毒理学,某单位,13900000003\n"
                                                "X4,丁,食品科学,某单位,13900000004\n")
    assert main(["--db", db, "experts", "import", str(experts)]) == 0
    capsys.readouterr()
    assert main(["plan", "check", str(ROOT / "plans" / "food-municipal.yaml"), "--db", db]) == 0
    assert "0 个警告" in capsys.readouterr().out  # synonyms count: 3 experts for every one
