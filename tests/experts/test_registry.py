"""The expert registry on SQLite and PostgreSQL: CRUD, candidates, CSV (UTF-8/GBK) and XLSX
import/export with row/column errors, all-or-nothing."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from console.errors import InvalidInput, RecordError
from console.experts.registry import ExpertRegistry

HEADER = "编号,姓名,专业领域,工作单位,职称,联系电话,可用状态,所在地,备注\n"


def test_add_list_and_candidates_by_specialty_and_availability(experts: ExpertRegistry) -> None:
    assert [e.code for e in experts.list()] == ["E01", "E02", "E03", "E04", "E05", "E06"]
    assert [e.code for e in experts.list(specialty="流行病学")] == ["E02", "E06"]
    # E06 is away; E05 (law) matches none of the specialties
    cands = experts.candidates(["食品安全", "流行病学", "临床毒理"])
    assert [e.code for e in cands] == ["E01", "E02", "E03", "E04"]
    assert experts.get("E06").availability_title == "外出"


def test_bad_expert_names_every_field(experts: ExpertRegistry) -> None:
    with pytest.raises(InvalidInput) as ei:
        experts.add({"code": "E99", "name": "", "specialties": "食品安全", "organisation": "单" * 101,
                     "phone": "abc"})
    msg = str(ei.value)
    assert "「姓名」为必填项" in msg
    assert "「工作单位」过长（101 字，上限 100 字）" in msg
    assert "「联系电话」「abc」不是有效的电话号码" in msg
    assert "E99" not in [e.code for e in experts.list()]


def test_duplicate_code_is_refused(experts: ExpertRegistry) -> None:
    with pytest.raises(RecordError, match="编号「E01」已存在"):
        experts.add({"code": "E01", "name": "重复", "specialties": "法律", "organisation": "某单位",
                     "phone": "13900000000"})


def test_update_and_availability(experts: ExpertRegistry) -> None:
    experts.set_availability("E06", "available")
    assert experts.get("E06").availability == "available"
    with pytest.raises(InvalidInput, match="可用状态"):
        experts.set_availability("E06", "休假中")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_import_in_each_encoding(db, clock, tmp_path, encoding: str) -> None:  # noqa: ANN001
    reg = ExpertRegistry(db, clock)
    text = HEADER + ("A1,孙立,食品安全、流行病学,濮阳市疾控中心,主任医师,13900000011,可参会,华龙区,\n"
                     "A2,周兰,临床药学,濮阳市人民医院,副主任药师,0393-6666666,外出,,\n")
    f = tmp_path / "experts.csv"
    f.write_bytes(text.encode(encoding))
    assert reg.import_file(f) == 2
    a1 = reg.get("A1")
    assert a1.name == "孙立" and a1.specialties == ("食品安全", "流行病学") and a1.title == "主任医师"
    assert reg.get("A2").availability == "away"


def test_import_errors_name_row_and_column_and_write_nothing(experts: ExpertRegistry, tmp_path) -> None:  # noqa: ANN001
    before = experts.get("E01")
    text = HEADER + ("E01,王建国,法律,改过的单位,,13900000001,可参会,,\n"  # would update E01
                     "B2,何平,食品安全,某单位,,,可参会,,\n"  # no phone
                     "B3,吴迪,食品安全,某单位,,13900000003,休假,,\n"  # bad availability
                     "B4,吴迪,食品安全,某单位,,13900000004,可参会,,\n"
                     "B4,郑和,食品安全,某单位,,13900000005,可参会,,\n")  # duplicate code
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as ei:
        experts.import_file(f)
    msg = str(ei.value)
    assert msg.startswith("导入失败，未写入任何数据")
    assert "第 3 行「联系电话」为必填项" in msg
    assert "第 4 行「可用状态」「休假」无效" in msg
    assert "第 6 行「编号」「B4」与第 5 行重复" in msg
    assert experts.get("E01") == before  # the valid first row was not written either
    assert [e.code for e in experts.list() if e.code.startswith("B")] == []


def test_header_problems(experts: ExpertRegistry, tmp_path) -> None:  # noqa: ANN001
    f = tmp_path / "h.csv"
    f.write_text("编号,姓名,专业,工作单位,微信\nX1,某某,食品安全,某单位,abc\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as ei:
        experts.import_file(f)
    assert "「微信」是未知的列名" in str(ei.value)
    assert "「联系电话」列缺失" in str(ei.value)
    empty = tmp_path / "e.csv"
    empty.write_text(HEADER, encoding="utf-8")
    with pytest.raises(RecordError, match="没有专家数据"):
        experts.import_file(empty)


def test_xlsx_import_with_numeric_cells_and_row_errors(db, clock, tmp_path) -> None:  # noqa: ANN001
    reg = ExpertRegistry(db, clock)
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "姓名", "专业领域", "工作单位", "联系电话", "可用状态"])
    ws.append([101, "钱多", "医疗器械", "市医疗器械检验所", 13900000101, "可参会"])
    ws.append(["102", "孔明", "舆情与公共传播", "市委宣传部", "13900000102", None])
    f = tmp_path / "experts.xlsx"
    wb.save(f)
    assert reg.import_file(f) == 2
    assert reg.get("101").phone == "13900000101"
    ws.append(["103", "", "法律", "某律所", "13900000103", "可参会"])
    wb.save(f)
    with pytest.raises(InvalidInput, match="第 4 行「姓名」为必填项"):
        reg.import_file(f)
    assert len(reg.list()) == 2


def test_export_round_trip_csv_gbk_and_xlsx(db, clock, experts: ExpertRegistry, tmp_path) -> None:  # noqa: ANN001
    csv_path = tmp_path / "out.csv"
    assert experts.export_file(csv_path, encoding="gbk") == 6
    assert "王建国" in csv_path.read_bytes().decode("gbk")
    xlsx_path = tmp_path / "out.xlsx"
    experts.export_file(xlsx_path)
    rows = list(load_workbook(xlsx_path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "姓名", "专业领域") and rows[1][1] == "王建国"
    assert rows[1][2] == "食品安全、检验检测"
    other = ExpertRegistry(db, clock)
    for e in other.list():
        other.remove(e.code)
    assert other.import_file(csv_path) == 6
    assert other.get("E06").availability == "away"
    assert other.import_file(xlsx_path) == 6


def test_remove_refused_after_an_invitation(experts, consultations, incident) -> None:  # noqa: ANN001
    c = consultations.open(incident, "grade", actor="指挥长", role="commander")
    consultations.invite(c.id, ["E01"], actor="指挥长", role="commander")
    with pytest.raises(RecordError, match="已参加会商"):
        experts.remove("E01")
    experts.remove("E05")
    assert "E05" not in [e.code for e in experts.list()]


def test_unsupported_file_type(experts: ExpertRegistry, tmp_path) -> None:  # noqa: ANN001
    f = tmp_path / "x.json"
    f.write_text("{}")
    with pytest.raises(RecordError, match="不支持的文件类型"):
        experts.import_file(f)
