"""Draw a plan's state graph: networkx for structure and layout, matplotlib for SVG/PNG,
and a hand-written DOT (compound states as clusters) for Graphviz users."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from console.plan.chains import state_chains
from console.plan.leads import leads_legend
from console.plan.model import Plan
from console.plan.windows import guard_notes

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "Source Han Sans SC",
             "Microsoft YaHei", "SimHei", "DejaVu Sans"]


def _cjk_font() -> str:
    """The first installed font that has Chinese glyphs (matplotlib warns for each missing one)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FONTS if f in installed), "DejaVu Sans")


def state_graph(plan: Plan) -> nx.MultiDiGraph:
    """Nodes are states (with title, parent, final); edges are transitions (event, title, roles)."""
    g = nx.MultiDiGraph()
    for sid, st in plan.states.items():
        g.add_node(sid, title=st.title, parent=st.parent, final=st.final, compound=bool(st.children),
                   chains=state_chains(plan, sid))  # 报告链 the state starts (plan format 2)
    for sid, st in plan.states.items():
        for tr in st.transitions:
            target = tr.target or sid
            title = tr.title or plan.event_title(tr.event)
            notes = guard_notes(plan, tr.guard)  # time windows and approvals (format 2)
            g.add_edge(sid, target, event=tr.event, title="\n".join([title, *notes]),
                       roles=sorted(tr.roles or []), guarded=tr.guard is not None, internal=tr.target is None)
    return g


def _layers(plan: Plan, g: nx.MultiDiGraph) -> dict[str, int]:
    """Left-to-right layers: BFS distance from the initial state (compound states next to their first child)."""
    flat = nx.DiGraph()
    flat.add_nodes_from(g.nodes)
    for a, b in g.edges():
        if a != b:
            flat.add_edge(a, b)
    for sid, st in plan.states.items():
        if st.initial_child:
            flat.add_edge(sid, st.initial_child)
    start = plan.initial_path[0]
    dist = nx.single_source_shortest_path_length(flat, start)
    maxd = max(dist.values(), default=0)
    return {n: dist.get(n, maxd + 1) for n in g.nodes}


def write_graph(plan: Plan, out: Path, *, active: str | None = None) -> None:
    suffix = out.suffix.lower()
    if active is not None and active not in plan.states:
        raise ValueError(f"预案中没有状态「{active}」")
    g = state_graph(plan)
    if suffix == ".dot":
        out.write_text(to_dot(plan, g, active), encoding="utf-8")
        return
    if suffix not in (".svg", ".png"):
        raise ValueError(f"不支持的输出格式「{out.suffix}」，请用 .svg、.png 或 .dot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font()
    plt.rcParams["font.sans-serif"] = [font]
    plt.rcParams["axes.unicode_minus"] = False
    layers = _layers(plan, g)
    nx.set_node_attributes(g, layers, "layer")
    pos = nx.multipartite_layout(g, subset_key="layer", align="vertical", scale=1.0)
    n_layers = max(layers.values()) + 1
    height = max(max(list(layers.values()).count(i) for i in range(n_layers)), 2)
    fig, ax = plt.subplots(figsize=(max(8, 2.2 * n_layers), max(5, 1.3 * height)))
    colours = []
    for n in g.nodes:
        if n == active or (active and n in plan.ancestors(active)):
            colours.append("#e74c3c" if n == active else "#f5b7b1")
        elif g.nodes[n]["final"]:
            colours.append("#95a5a6")
        elif g.nodes[n]["compound"]:
            colours.append("#d6eaf8")
        else:
            colours.append("#aed6f1")
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=2600, edgecolors="#2c3e50")
    handover = {sid: st.handover["plan"] for sid, st in plan.states.items() if st.handover is not None}
    labels = {n: "\n".join(x for x in (g.nodes[n]["title"], g.nodes[n]["chains"],
                                        f"→ 移交 {handover[n]}" if n in handover else "") if x) for n in g.nodes}
    nx.draw_networkx_labels(g, pos, labels=labels, ax=ax, font_size=9, font_family=font)
    plain = [(a, b) for a, b, d in g.edges(data=True) if a != b]
    nx.draw_networkx_edges(g, pos, edgelist=plain, ax=ax, arrows=True, arrowsize=14, node_size=2600,
                           connectionstyle="arc3,rad=0.08", edge_color="#34495e")
    contain = [(st.parent, sid) for sid, st in plan.states.items() if st.parent]
    nx.draw_networkx_edges(g, pos, edgelist=contain, ax=ax, style="dotted", arrows=False,
                           edge_color="#7f8c8d", node_size=2600)
    elabels: dict[tuple[str, str], str] = {}
    for a, b, d in g.edges(data=True):
        if a != b:
            elabels[(a, b)] = (elabels.get((a, b), "") + "\n" + d["title"]).strip()
    nx.draw_networkx_edge_labels(g, pos, edge_labels=elabels, ax=ax, font_size=7,
                                 font_family=font, label_pos=0.5)
    ax.set_title(f"{plan.title}（{plan.version}）", fontsize=12, fontfamily=font)
    legend = leads_legend(plan)  # who leads at each level (plan format 2)
    if legend:
        fig.text(0.01, 0.01, "\n".join(legend), fontsize=8, fontfamily=font, va="bottom", ha="left")
    ax.axis("off")
    # room below the drawing for the legend's lines
    fig.tight_layout(rect=(0, min(0.3, 0.045 * len(legend) + 0.02) if legend else 0, 1, 1))
    fig.savefig(out, dpi=110)
    plt.close(fig)


def _with_chains(plan: Plan, sid: str) -> str:
    chains = state_chains(plan, sid)
    return plan.states[sid].title + (f"\n{chains}" if chains else "")


def to_dot(plan: Plan, g: nx.MultiDiGraph | None = None, active: str | None = None) -> str:
    g = g or state_graph(plan)

    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = ["digraph plan {", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fillcolor="#aed6f1", fontname="Noto Sans CJK SC"];',
             f"  label={q(chr(10).join([plan.title + '（' + plan.version + '）', *leads_legend(plan)]))};"]

    def emit(parent: str | None, indent: str) -> None:
        for sid, st in plan.states.items():
            if st.parent != parent:
                continue
            if st.children:
                lines.append(f"{indent}subgraph {q('cluster_' + sid)} {{")
                lines.append(f"{indent}  label={q(_with_chains(plan, sid))};")
                emit(sid, indent + "  ")
                lines.append(f"{indent}}}")
            else:
                moved = f"（移交：{st.handover['plan']}）" if st.handover else ""
                attrs = [f"label={q(_with_chains(plan, sid) + moved)}"]
                if st.final:
                    attrs.append("shape=doubleoctagon")
                if sid == active:
                    attrs.append('fillcolor="#e74c3c"')
                lines.append(f"{indent}{q(sid)} [{', '.join(attrs)}];")

    emit(None, "  ")
    for sid, st in plan.states.items():
        for tr in st.transitions:
            a = sid if not st.children else (st.initial_child or sid)
            b = tr.enters[-1] if tr.enters else sid
            style = ", style=dashed" if tr.guard else ""
            if st.children:
                style += f", ltail={q('cluster_' + sid)}"
            label = "\n".join([tr.title or plan.event_title(tr.event), *guard_notes(plan, tr.guard)])
            lines.append(f"  {q(a)} -> {q(b)} [label={q(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
