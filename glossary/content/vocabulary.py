"""The fixed vocabularies of the content: categories, kinds and relation types (no pydantic, cheap to import)."""

from __future__ import annotations

from enum import Enum


class Category(str, Enum):
    """The fixed categories of the curriculum."""

    FOUNDATIONS = "foundations"
    OPTIMIZATION = "optimization"
    REGULARIZATION = "regularization"
    LOSSES = "losses"
    CNN = "cnn"
    RNN = "rnn"
    ATTENTION = "attention"
    GENERATIVE = "generative"
    EMBEDDINGS = "embeddings"
    ECOSYSTEM = "ecosystem"
    LANGUAGE_MODELS = "language-models"
    CTR = "ctr"
    GRAPH = "graph"
    RECOMMENDATION = "recommendation"
    REINFORCEMENT = "reinforcement"


class Kind(str, Enum):
    """What sort of thing a term names."""

    CONCEPT = "concept"
    FUNCTION = "function"
    LAYER = "layer"
    ARCHITECTURE = "architecture"
    ALGORITHM = "algorithm"
    TECHNIQUE = "technique"
    PROBLEM = "problem"
    LOSS = "loss"
    DATASET = "dataset"
    BENCHMARK = "benchmark"
    FRAMEWORK = "framework"
    VENUE = "venue"
    ORGANISATION = "organisation"


#: Kinds that may go without a snippet: there is no technical idea to run.
KINDS_WITHOUT_SNIPPET = frozenset({Kind.VENUE, Kind.ORGANISATION})


class RelationType(str, Enum):
    """Typed, directed links between entries."""

    IS_A = "is-a"
    PART_OF = "part-of"
    VARIANT_OF = "variant-of"
    ADDRESSES = "addresses"
    USES = "uses"
    CONTRASTS_WITH = "contrasts-with"
    SEE_ALSO = "see-also"


#: Relations whose graph must be acyclic (a thing cannot be a kind or a part of itself).
HIERARCHICAL_RELATIONS = (RelationType.IS_A, RelationType.PART_OF)


#: The Chinese name of each category and kind, for showing them in the chosen language.
CATEGORY_ZH: dict[str, str] = {
    "foundations": "基础",
    "optimization": "优化",
    "regularization": "正则化",
    "losses": "损失函数",
    "cnn": "卷积网络",
    "rnn": "循环网络",
    "attention": "注意力",
    "generative": "生成模型",
    "embeddings": "嵌入",
    "ecosystem": "生态与数据集",
    "language-models": "语言模型",
    "ctr": "点击率预估",
    "graph": "图学习",
    "recommendation": "推荐系统",
    "reinforcement": "强化学习",
}
KIND_ZH: dict[str, str] = {
    "concept": "概念",
    "function": "函数",
    "layer": "层",
    "architecture": "架构",
    "algorithm": "算法",
    "technique": "技术",
    "problem": "问题",
    "loss": "损失",
    "dataset": "数据集",
    "benchmark": "基准",
    "framework": "框架",
    "venue": "会议",
    "organisation": "机构",
}
