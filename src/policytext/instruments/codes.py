"""The fourteen policy-instrument codes of ../shared/eval/INSTRUMENTS.md (Rothwell and Zegveld's
supply / environment / demand framework): the one place their order and names are written down."""
from __future__ import annotations

#: Code → (type, name). The order is the column order of every array and table.
INSTRUMENTS: dict[str, tuple[str, str]] = {
    "S1": ("supply", "人才支持"),
    "S2": ("supply", "资金投入"),
    "S3": ("supply", "技术支持"),
    "S4": ("supply", "基础设施"),
    "S5": ("supply", "公共服务与信息"),
    "E1": ("environment", "目标规划"),
    "E2": ("environment", "金融支持"),
    "E3": ("environment", "税收优惠"),
    "E4": ("environment", "法规管制"),
    "E5": ("environment", "策略性措施"),
    "D1": ("demand", "政府采购"),
    "D2": ("demand", "服务外包"),
    "D3": ("demand", "示范应用"),
    "D4": ("demand", "市场开拓"),
}
CODES: tuple[str, ...] = tuple(INSTRUMENTS)
TYPES: tuple[str, ...] = ("supply", "environment", "demand")
#: At most this many secondary codes per task (INSTRUMENTS.md).
MAX_SECONDARY = 3


def type_of(code: str) -> str:
    """supply, environment or demand; the letter of a code is its type (S/E/D)."""
    return INSTRUMENTS[code][0]
