"""mineralgraph: who controls the supply of critical minerals, as a sourced knowledge graph."""

__version__ = "0.1.0"
