"""The lineage of a dataset version drawn as boxes and arrows, oldest on the left."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

BOX_W, BOX_H, GAP_X, GAP_Y = 190, 46, 70, 22


class LineageGraph(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.boxes: dict[str, Any] = {}

    def show_lineage(self, lineage: Any) -> None:
        scene = self.scene()
        scene.clear()
        self.boxes = {}
        parents: dict[str, list[str]] = {}
        for parent, child in lineage.edges:
            parents.setdefault(child, []).append(parent)
        depth: dict[str, int] = {}

        def level(node_id: str) -> int:
            if node_id not in depth:
                depth[node_id] = 1 + max((level(p) for p in parents.get(node_id, [])), default=-1)
            return depth[node_id]

        rows: dict[int, int] = {}
        positions: dict[str, QPointF] = {}
        for node in lineage.nodes:
            column = level(node.id)
            row = rows.get(column, 0)
            rows[column] = row + 1
            positions[node.id] = QPointF(column * (BOX_W + GAP_X), row * (BOX_H + GAP_Y))
        palette = self.palette()
        for node in lineage.nodes:
            point = positions[node.id]
            focus = node.id == lineage.focus.id
            box = scene.addRect(
                point.x(),
                point.y(),
                BOX_W,
                BOX_H,
                QPen((palette.highlight() if focus else palette.mid()).color(), 2 if focus else 1),
                QBrush(palette.base().color()),
            )
            label = scene.addText(f"{node.ref}\n{node.rows:,} × {node.columns}")
            label.setDefaultTextColor(palette.text().color())
            label.setPos(point.x() + 6, point.y() + 2)
            self.boxes[node.id] = box
        pen = QPen(palette.text().color(), 1)
        for parent, child in lineage.edges:
            if parent not in positions or child not in positions:
                continue
            start = positions[parent] + QPointF(BOX_W, BOX_H / 2)
            end = positions[child] + QPointF(0, BOX_H / 2)
            scene.addLine(start.x(), start.y(), end.x(), end.y(), pen)
            head = QPolygonF([end, end + QPointF(-9, -5), end + QPointF(-9, 5)])
            scene.addPolygon(head, pen, QBrush(palette.text().color()))
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
