"""A safe YAML reader that keeps where every key and value came from.

PyYAML's composer gives nodes with marks; we build plain ``dict``/``list``
subclasses from them that remember positions, reject duplicate keys and
non-string keys (YAML 1.1 reads ``on``/``off``/``yes``/``no`` as booleans), and
never construct arbitrary Python objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from console.errors import Refused

try:  # libyaml is much faster on large files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment, unused-ignore]

Pos = tuple[int, int]  # 1-based line, column


class YamlProblem(Refused):
    """The text is not YAML a plan may use; ``pos`` (line, column) says where."""

    def __init__(self, pos: Pos, message: str):
        self.pos = pos
        self.message = message
        super().__init__(f"{pos[0]}:{pos[1]}: {message}")


class PMap(dict[str, Any]):
    """A mapping that knows the position of itself, each key and each value."""

    pos: Pos = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_pos: dict[str, Pos] = {}
        self.val_pos: dict[str, Pos] = {}


class PList(list[Any]):
    pos: Pos = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.item_pos: list[Pos] = []


def _pos(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_scalar_loader = _Loader("")


def _convert(node: yaml.Node, depth: int = 0) -> Any:
    if depth > 64:
        raise YamlProblem(_pos(node), "嵌套层次过深（超过 64 层）")
    if node.tag not in _SAFE_TAGS:
        raise YamlProblem(_pos(node), f"不允许的 YAML 标签 {node.tag}（预案中不能使用 !! 标签）")
    if isinstance(node, yaml.MappingNode):
        out = PMap()
        out.pos = _pos(node)
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(_pos(knode), "不支持 YAML 合并键 `<<`，请直接写出内容")
            key = _convert(knode, depth + 1)
            if not isinstance(key, str):
                hint = ""
                if isinstance(key, bool):
                    hint = "（YAML 会把 on/off/yes/no 读成布尔值，请加引号）"
                raise YamlProblem(_pos(knode), f"键必须是字符串，而这里是 {key!r}{hint}")
            if key in out:
                first = out.key_pos[key]
                raise YamlProblem(
                    _pos(knode), f"重复的键 `{key}`（第一次出现在第 {first[0]} 行第 {first[1]} 列）"
                )
            out[key] = _convert(vnode, depth + 1)
            out.key_pos[key] = _pos(knode)
            out.val_pos[key] = _pos(vnode)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = PList()
        seq.pos = _pos(node)
        for item in node.value:
            seq.append(_convert(item, depth + 1))
            seq.item_pos.append(_pos(item))
        return seq
    assert isinstance(node, yaml.ScalarNode)
    try:
        value = _scalar_loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlProblem(_pos(node), f"无法读取的值：{exc}") from None
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates and times in plans stay text; the schema says which fields are times.
        return node.value
    return value


_SAFE_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


def load_positioned(text: str) -> Any:
    """Parse one YAML document into PMap/PList/scalars. Raises YamlProblem."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(pos, _explain_yaml_error(exc, text, mark)) from None
    except yaml.reader.ReaderError as exc:
        offset = exc.position
        if _Loader.__name__.startswith("C"):  # libyaml counts UTF-8 bytes, not characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        pos = _offset_pos(text, offset)
        raise YamlProblem(pos, f"文件含有不允许的控制字符 U+{exc.character:04X}（YAML 文本中不能出现）") from None
    except yaml.YAMLError as exc:
        raise YamlProblem((1, 1), f"YAML 语法错误（{exc}）") from None
    except (UnicodeError, ValueError) as exc:  # e.g. lone surrogates in a str handed to libyaml
        raise YamlProblem((1, 1), f"文件不是有效的 Unicode 文本（{exc}）") from None
    if node is None:
        raise YamlProblem((1, 1), "文件为空")
    for n in _walk_aliases(node):
        raise YamlProblem(_pos(n), "不支持 YAML 锚点/别名（&/*），请直接写出内容")
    if "&" in text:  # an anchor nobody refers to leaves no trace in the nodes
        anchor = _find_anchor(text)
        if anchor is not None:
            raise YamlProblem(anchor, "不支持 YAML 锚点/别名（&/*），请直接写出内容")
    return _convert(node)


def _find_anchor(text: str) -> Pos | None:
    try:
        for tok in yaml.scan(text, Loader=_Loader):
            if isinstance(tok, yaml.AnchorToken):
                return (tok.start_mark.line + 1, tok.start_mark.column + 1)
    except yaml.YAMLError:  # pragma: no cover - the text was already parsed once
        return None
    return None


def _offset_pos(text: str, offset: int) -> Pos:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# PyYAML's problems, in the words a plan author needs.
_YAML_PROBLEMS = (
    ("did not find expected ',' or ']'", "方括号 [ … ] 没有闭合，或列表项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号 { … } 没有闭合，或键值对之间缺少逗号"),
    ("did not find expected key", "此处应为“键: 值”——缩进与上一行不一致，或括号不配对"),
    ("did not find expected '-' indicator", "此处应为列表项“- …”——缩进与上一行不一致"),
    ("did not find expected node content", "此处缺少内容（值为空或括号不配对）"),
    ("mapping values are not allowed", "此处不能出现“键: 值”——缺少换行、缩进不对，或值中的冒号需要加引号"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("found unexpected end of stream", "文件意外结束——引号或括号没有闭合"),
    ("found unknown escape character", "双引号字符串中有未知的转义字符（反斜杠 \\ 需写成 \\\\，或改用单引号）"),
    ("found undefined alias", "不支持 YAML 锚点/别名（&/*），请直接写出内容"),
    ("but found another document", "一个预案文件只能有一个 YAML 文档（删除多余的 ---）"),
    ("found a tab character", "YAML 不允许用 Tab 缩进，请改用空格"),
    ("found character that cannot start any token", "此处的字符不能作为值的开头（如 @ 或 `，请给值加引号）"),
    ("found unexpected ':'", "多余的冒号“:”（值中的冒号需要加引号）"),
    ("expected <block end>", "缩进不一致：此处应结束上一个块"),
    ("expected the node content", "此处缺少内容"),
    ("found duplicate", "重复的 YAML 指令"),
    ("expected alphabetic or numeric character", "锚点、别名或标签的名字不合法"),
    ("while scanning a simple key", "键太长或缺少冒号“:”"),
)


def _explain_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = (exc.problem or exc.context or "").strip()
    if mark is not None:
        lines = text.split("\n")
        if 0 <= mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            return "YAML 语法错误：YAML 不允许用 Tab 缩进或在此处出现 Tab，请改用空格"
    where = ""
    cm = exc.context_mark
    if cm is not None and mark is not None and (cm.line, cm.column) != (mark.line, mark.column):
        where = f"（相关位置：第 {cm.line + 1} 行第 {cm.column + 1} 列）"
    for key, zh in _YAML_PROBLEMS:
        if key in problem or (exc.context and key in exc.context):
            return f"YAML 语法错误：{zh}{where}"
    return f"YAML 语法错误（{problem or '无法解析'}）{where}"


def _walk_aliases(root: yaml.Node) -> Iterator[yaml.Node]:
    """Yield a node that is reached twice (an alias); plans must be plain trees."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            yield n
            return
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def position_of(root: Any, path: list[Any]) -> Pos:
    """Position of the value at ``path`` (keys and indices), or of the deepest part found."""
    cur = root
    pos = getattr(root, "pos", (1, 1))
    for part in path:
        if isinstance(cur, PMap) and part in cur:
            pos = cur.val_pos[part]
            cur = cur[part]
        elif isinstance(cur, PList) and isinstance(part, int) and 0 <= part < len(cur):
            pos = cur.item_pos[part]
            cur = cur[part]
        else:
            break
    return pos


def key_position(mapping: Any, key: str) -> Pos:
    if isinstance(mapping, PMap) and key in mapping.key_pos:
        return mapping.key_pos[key]
    return getattr(mapping, "pos", (1, 1))


def value_position(mapping: Any, key: str) -> Pos:
    if isinstance(mapping, PMap) and key in mapping.val_pos:
        return mapping.val_pos[key]
    return getattr(mapping, "pos", (1, 1))
