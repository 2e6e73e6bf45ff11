"""A safe YAML reader that keeps where every key and value came from.

PyYAML's composer gives nodes with marks; we build plain ``dict``/``list``
subclasses from them that remember positions, reject duplicate keys and
non-string keys (YAML 1.1 reads ``on``/``off``/``yes``/``no`` as booleans), and
never construct arbitrary Python objects.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml is much faster on large files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Pos = tuple[int, int]  # 1-based line, column


class YamlProblem(Exception):
    def __init__(self, pos: Pos, message: str):
        self.pos = pos
        self.message = message
        super().__init__(f"{pos[0]}:{pos[1]}: {message}")


class PMap(dict):
    """A mapping that knows the position of itself, each key and each value."""

    pos: Pos = (1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.key_pos: dict[str, Pos] = {}
        self.val_pos: dict[str, Pos] = {}


class PList(list):
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
    if node.tag not in _SAFE_TAGS:
        raise YamlProblem(_pos(node), f"不允许的 YAML 标签 {node.tag}")
    try:
        value = _scalar_loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlProblem(_pos(node), f"无法读取的值：{exc}") from None
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates and times in plans stay text; the schema says which fields are times.
        return node.value
    return value


_SAFE_TAGS = {
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
        what = exc.problem or exc.context or "语法错误"
        raise YamlProblem(pos, f"YAML 语法错误：{what}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem((1, 1), f"YAML 语法错误：{exc}") from None
    if node is None:
        raise YamlProblem((1, 1), "文件为空")
    for n in _walk_aliases(node):
        raise YamlProblem(_pos(n), "不支持 YAML 锚点/别名（&/*），请直接写出内容")
    return _convert(node)


def _walk_aliases(root: yaml.Node):
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
