"""The published JSON Schema of plan format v1, and Chinese, located messages for its errors."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILE = "emergency-plan-1.schema.json"


class KeyRef(str):
    """The last element of an error path that names a key (not its value): point at the key."""

_TYPE_ZH = {
    "object": "映射",
    "array": "列表",
    "string": "字符串",
    "integer": "整数",
    "number": "数值",
    "boolean": "是/否（true/false）",
    "null": "空值",
}


@cache
def plan_schema() -> dict[str, Any]:
    text = resources.files("console.plan.schema").joinpath(SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(plan_schema())


@cache
def _fast_validator() -> Any:
    return jsonschema_rs.Draft202012Validator(plan_schema())


def schema_errors(doc: Any) -> list[tuple[list[Any], str]]:
    """All schema violations as (path into the document, Chinese message).

    A valid plan — the usual case — is confirmed by the compiled (Rust) validator in well
    under a millisecond; only an invalid one goes through the pure-Python validator, whose
    error tree the Chinese messages are written against. A property test keeps the two
    validators' verdicts equal on mutated plans.
    """
    if _fast_validator().is_valid(doc):
        return []
    out = []
    for err in _validator().iter_errors(doc):
        out.extend(explain_error(err))
    # One message per place is enough; keep the first.
    seen = set()
    unique = []
    for path, msg in out:
        key = (tuple(map(str, path)), msg)
        if key not in seen:
            seen.add(key)
            unique.append((path, msg))
    return unique


def _type_names(t: Any) -> str:
    ts = t if isinstance(t, list) else [t]
    return "或".join(_TYPE_ZH.get(str(x), str(x)) for x in ts)


def explain_error(err: jsonschema.ValidationError) -> list[tuple[list[Any], str]]:
    """Chinese messages for one schema error, each with the path it is about."""
    path = list(err.absolute_path)
    v = err.validator
    inst = err.instance
    if "propertyNames" in err.absolute_schema_path and isinstance(inst, str):
        # a badly named key: jsonschema gives the mapping's path; point at the key itself
        return [(path + [KeyRef(inst)],
                 f"名称 {short_repr(inst)} 不是合法的标识符（字母或下划线开头，只含字母、数字、_、-）")]
    if v == "oneOf" and any(b.get("pattern") == "^P" for b in err.validator_value):
        return _explain_within(inst, path)
    if v == "oneOf" and any(b.get("type") == "integer" for b in err.validator_value):
        return _explain_qty(inst, path)
    if v == "oneOf" and isinstance(inst, dict):
        return _explain_union(err, path)
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in err.schema.get("properties", {})]
        hint = f"（可用的键：{', '.join(allowed)}）" if allowed else ""
        return [(path + [KeyRef(k)], f"未知的键 `{k}`{hint}") for k in extra]
    if v == "required":
        missing = [k for k in err.validator_value if k not in inst]
        return [(path, f"缺少必填项 `{k}`") for k in missing]
    if v == "type":
        return [(path, f"应为{_type_names(err.validator_value)}，而这里是 {short_repr(inst)}")]
    if v == "enum":
        return [(path, f"取值 {short_repr(inst)} 无效，可选：{', '.join(map(str, err.validator_value))}")]
    if v == "const":
        return [(path, f"应为 `{err.validator_value}`，而这里是 {short_repr(inst)}")]
    if v == "pattern":
        what = {
            "^P": "ISO-8601 时长，如 PT30M、PT2H、P10D",
            "^[0-9]{6}$": "6 位行政区划代码，如 410900（请加引号）",
            "^#[0-9a-fA-F]{6}$": "颜色 #RRGGBB",
            "^[a-z0-9][a-z0-9\\-]*$": "小写字母、数字和 -（如 food-municipal）",
        }.get(err.validator_value, "标识符：字母或下划线开头，只含字母、数字、_、-")
        if err.validator_value.startswith("^(entry|received"):
            what = ("期限起点：entry（进入状态时）、received（接报时）、event:事件名；emergency-plan/2 还可用 "
                    "fact:时间事实、report:报告类型、hop:环节、task:任务id、exit:状态")
        return [(path, f"格式不正确：{short_repr(inst)}，应为{what}")]
    if v == "minItems":
        return [(path, f"至少需要 {err.validator_value} 项")]
    if v == "minProperties":
        return [(path, f"至少需要 {err.validator_value} 项")]
    if v in ("minimum", "maximum"):
        word = "不能小于" if v == "minimum" else "不能大于"
        return [(path, f"{short_repr(inst)} {word} {err.validator_value}")]
    if v in ("minLength", "maxLength"):
        return [(path, "文本为空" if v == "minLength" else f"文本过长（超过 {err.validator_value} 字）")]
    if v == "propertyNames":
        return [(path + [KeyRef(inst)] if isinstance(inst, str) else path,
                 f"名称 {short_repr(inst)} 不是合法的标识符（字母或下划线开头，只含字母、数字、_、-）")]
    if v == "uniqueItems":
        return [(path, "列表中有重复项")]
    if v == "maxProperties":
        return [(path, "一个条件只能写一个比较")]
    if v == "oneOf":
        return [(path, f"取值 {short_repr(inst)} 的形式不对")]
    return [(path, err.message)]


_DURATION_HINT = "应为 ISO-8601 时长，如 PT30M、PT2H、P1D、P10D（不支持年、月）"


def _explain_within(inst: Any, path: list[Any]) -> list[tuple[list[Any], str]]:
    """``within`` is a duration or a level map of durations."""
    if isinstance(inst, str):
        return [(path, f"无效的时长 {short_repr(inst)}：{_DURATION_HINT}，或 immediate（立即）")]
    if isinstance(inst, dict):
        if not inst:
            return [(path, "按级别的期限表不能为空，例如 {I: PT1H, default: PT2H}")]
        bad = [(k, x) for k, x in inst.items() if not (isinstance(x, str) and x.startswith("P"))]
        if bad:
            return [(path + [k], f"无效的时长 {short_repr(x)}：{_DURATION_HINT}") for k, x in bad]
    return [(path, f"期限应为时长（如 PT30M）或按级别的期限表（如 {{I: PT1H, default: PT2H}}），"
                   f"而这里是 {short_repr(inst)}")]


def _explain_qty(inst: Any, path: list[Any]) -> list[tuple[list[Any], str]]:
    if isinstance(inst, dict) and inst:
        bad = [(k, x) for k, x in inst.items()
               if isinstance(x, bool) or not isinstance(x, int) or x < 0]
        if bad:
            return [(path + [k], f"数量应为不小于 0 的整数，而这里是 {short_repr(x)}") for k, x in bad]
    return [(path, f"数量应为正整数，或按级别的数量表（如 {{I: 40, default: 10}}），而这里是 {short_repr(inst)}")]


def _explain_union(err: jsonschema.ValidationError, path: list[Any]) -> list[tuple[list[Any], str]]:
    """Guards and effects are unions keyed by their first word: pick the branch the author meant."""
    inst = err.instance
    branches = err.validator_value
    for i, branch in enumerate(branches):
        req = branch.get("required", [])
        if req and req[0] in inst:
            sub = [e for e in (err.context or []) if e.relative_schema_path and e.relative_schema_path[0] == i]
            out: list[tuple[list[Any], str]] = []
            for e in sub:
                out.extend(explain_error(e))
            return out or [(path, f"`{req[0]}` 的写法不正确")]
    keys = sorted({b["required"][0] for b in branches if b.get("required")})
    got = ", ".join(map(str, inst)) or "（空）"
    is_effect = "task" in keys
    what = "效果" if is_effect else "条件"
    return [(path, f"无法识别的{what} `{got}`，可用：{', '.join(keys)}")]


def short_repr(v: Any) -> str:
    """A value as the author wrote it, cut to 60 characters for a message."""
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."
