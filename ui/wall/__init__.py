"""The wall display (指挥大屏): ``main.py --wall`` or 视图 › 指挥大屏 (docs/wall.md)."""
