"""The map page's own words, through Qt's translation system.

The page (JavaScript) is written with Chinese words; :func:`map_labels` returns
{Chinese: current-language text} for :meth:`MapView.set_labels`. Each word is a literal
``translate`` call so ``pyside6-lupdate`` finds it (context ``MapLabels``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def map_labels() -> dict[str, str]:
    pairs = [
        ("行政区划", QCoreApplication.translate("MapLabels", "行政区划")),
        ("乡镇（街道）", QCoreApplication.translate("MapLabels", "乡镇（街道）")),
        ("影响范围", QCoreApplication.translate("MapLabels", "影响范围")),
        ("调运路线", QCoreApplication.translate("MapLabels", "调运路线")),
        ("监管对象", QCoreApplication.translate("MapLabels", "监管对象")),
        ("储备库", QCoreApplication.translate("MapLabels", "储备库")),
        ("事件", QCoreApplication.translate("MapLabels", "事件")),
        ("图例", QCoreApplication.translate("MapLabels", "图例")),
        ("图层", QCoreApplication.translate("MapLabels", "图层")),
        ("显示或收起", QCoreApplication.translate("MapLabels", "显示或收起")),
        ("事件等级", QCoreApplication.translate("MapLabels", "事件等级")),
        ("Ⅰ级（特别重大）", QCoreApplication.translate("MapLabels", "Ⅰ级（特别重大）")),
        ("Ⅱ级（重大）", QCoreApplication.translate("MapLabels", "Ⅱ级（重大）")),
        ("Ⅲ级（较大）", QCoreApplication.translate("MapLabels", "Ⅲ级（较大）")),
        ("Ⅳ级（一般）", QCoreApplication.translate("MapLabels", "Ⅳ级（一般）")),
        ("未分级", QCoreApplication.translate("MapLabels", "未分级")),
        ("超时未处置（闪烁）", QCoreApplication.translate("MapLabels", "超时未处置（闪烁）")),
        ("资源与范围", QCoreApplication.translate("MapLabels", "资源与范围")),
        ("储备库（大小=库存量）", QCoreApplication.translate("MapLabels", "储备库（大小=库存量）")),
        ("调运路线（预计到达）", QCoreApplication.translate("MapLabels", "调运路线（预计到达）")),
        ("食品生产", QCoreApplication.translate("MapLabels", "食品生产")),
        ("食品经营", QCoreApplication.translate("MapLabels", "食品经营")),
        ("餐饮服务", QCoreApplication.translate("MapLabels", "餐饮服务")),
        ("药品生产", QCoreApplication.translate("MapLabels", "药品生产")),
        ("药品经营", QCoreApplication.translate("MapLabels", "药品经营")),
        ("药品使用", QCoreApplication.translate("MapLabels", "药品使用")),
        ("医疗器械", QCoreApplication.translate("MapLabels", "医疗器械")),
        ("化妆品", QCoreApplication.translate("MapLabels", "化妆品")),
        ("其他", QCoreApplication.translate("MapLabels", "其他")),
        ("总库存：", QCoreApplication.translate("MapLabels", "总库存：")),
        ("预计", QCoreApplication.translate("MapLabels", "预计")),
        ("已超时", QCoreApplication.translate("MapLabels", "已超时")),
    ]
    return {zh: shown for zh, shown in pairs if shown != zh}
