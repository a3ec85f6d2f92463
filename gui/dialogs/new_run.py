"""The new-run form: dataset, target, task, features, recipe, model and its hyperparameters
(checked as they are typed, by the engine's catalog, the message next to the field), class
weights, calibration, validation, search and its search space (search_space.py), seed.
Start returns a checked RunSpec (the view runs it as a job) and remembers the form on this
computer: reopening it shows what still applies of the last run's choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.data.datasets import check_dataset_name
from engine.errors import AirlockError
from engine.training.catalog import CATALOG, DEFAULT_MODEL
from engine.training.spec import RunSpec
from gui.context import AppContext
from gui.dialogs.new_run_suggest import Suggestions
from gui.dialogs.search_space import (
    FieldNote,
    SearchSpaceEditor,
    choice_box,
    field_value,
    noted,
    number_box,
    restore_values,
    restore_version,
)
from gui.errors import engine_text
from gui.palette import colour

FORM = "new_run"  # the name the form's last values are kept under (Preferences.form)


class NewRunDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        project: str | None,
        datasets: list[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.suggestions = Suggestions(self)
        self.setWindowTitle(self.tr("New run"))
        self._ctx = ctx
        self._project = project
        self.result_spec: RunSpec | None = None
        self.recipe: dict[str, Any] | None = None
        self.param_fields: dict[str, QWidget] = {}
        self.param_notes: dict[str, FieldNote] = {}
        self.experiment = QLineEdit("default")
        experiment_box, self.experiment_note = noted(self.experiment)
        self.dataset = QComboBox()
        for dataset in datasets:
            for version in reversed(dataset.versions):
                self.dataset.addItem(version.ref, version)
        self.target = QComboBox()
        self.positive = QComboBox()  # binary: the class scores and recall count
        self.positive.setToolTip(
            self.tr(
                "The class the scores, recall and precision are "
                "about (detected: 1, yes, true, else the rarer)."
            )
        )
        self.detected_positive: str | None = None
        self.task = choice_box(
            self.tr("detect from the target"), ("binary", "multiclass", "regression")
        )
        self.features = QListWidget()
        self.features.setMinimumHeight(8 * (self.fontMetrics().lineSpacing() + 4) + 6)
        self.feature_notes = QLabel()
        self.feature_notes.setWordWrap(True)
        # columns that look like sensitive attributes nobody reviewed: tag or dismiss them
        # (recorded, like any tag) before a run may use them
        self.unreviewed: list[str] = []
        self.tags: dict[str, list[str]] = {}
        self.sensitive_label = QLabel()
        self.sensitive_label.setWordWrap(True)
        self.sensitive_label.setStyleSheet(f"color: {colour('warning')};")
        self.tag_sensitive = QPushButton(self.tr("Tag &sensitive"))
        self.tag_sensitive.setToolTip(
            self.tr("Training leaves them out; fairness checks group by them.")
        )
        self.tag_sensitive.clicked.connect(lambda: self.review("sensitive"))
        self.dismiss_sensitive = QPushButton(self.tr("N&ot sensitive"))
        self.dismiss_sensitive.setToolTip(
            self.tr("Keep them as features; the decision is recorded in the audit log.")
        )
        self.dismiss_sensitive.clicked.connect(lambda: self.review("not_sensitive"))
        self.sensitive_box = QWidget()
        sensitive_row = QHBoxLayout(self.sensitive_box)
        sensitive_row.setContentsMargins(0, 0, 0, 0)
        sensitive_row.addWidget(self.sensitive_label, 1)
        sensitive_row.addWidget(self.tag_sensitive)
        sensitive_row.addWidget(self.dismiss_sensitive)
        self.sensitive_box.hide()
        self.recipe_label = QLabel(self.tr("none"))
        recipe_button = QPushButton(self.tr("Choose…"))
        recipe_button.clicked.connect(self.suggestions.choose_recipe)
        recipe_row = QHBoxLayout()
        recipe_row.addWidget(self.recipe_label, 1)
        recipe_row.addWidget(recipe_button)
        self.model = QComboBox()
        for key, model in CATALOG.items():
            self.model.addItem(model.title, key)
        self.model.setCurrentIndex(self.model.findData(DEFAULT_MODEL))
        self.params_box = QGroupBox(self.tr("Hyperparameters"))
        self.params_form = QFormLayout(self.params_box)
        self.balanced = QCheckBox(self.tr("Weight classes to balance them"))
        self.calibration = choice_box(self.tr("none"), ("sigmoid", "isotonic"))
        self.scheme = choice_box(
            self.tr("default for the task"),
            ("stratified", "kfold", "group", "time", "holdout", "none"),
        )
        self.folds = number_box(2, 20, 5)
        self.group = QComboBox()
        self.time = QComboBox()
        self.test_size = QDoubleSpinBox()
        self.test_size.setRange(0.0, 0.5)
        self.test_size.setSingleStep(0.05)
        self.test_size.setValue(0.2)
        self.search = choice_box(self.tr("no search"), ("grid", "random", "halving"))
        self.n_iter = number_box(1, 500, 20)
        self.optimise = QComboBox()
        self.seed = number_box(0, 2**31 - 1, 42)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.space_editor = SearchSpaceEditor()
        self.space_editor.hide()

        data_box = QGroupBox(self.tr("Data"))
        data_form = QFormLayout(data_box)
        data_form.addRow(self.tr("&Experiment:"), experiment_box)
        data_form.addRow(self.tr("&Dataset:"), self.dataset)
        data_form.addRow(self.tr("&Target:"), self.target)
        data_form.addRow(self.tr("Tas&k:"), self.task)
        data_form.addRow(self.tr("&Positive class:"), self.positive)
        data_form.addRow(self.tr("&Features:"), self.features)
        data_form.addRow("", self.feature_notes)
        data_form.addRow("", self.sensitive_box)
        data_form.addRow(self.tr("Recipe:"), recipe_row)
        model_box = QGroupBox(self.tr("Model"))
        model_form = QFormLayout(model_box)
        model_form.addRow(self.tr("&Model:"), self.model)
        model_form.addRow(self.params_box)
        model_form.addRow(self.balanced)
        model_form.addRow(self.tr("Calibration:"), self.calibration)
        check_box = QGroupBox(self.tr("Validation and search"))
        check_form = QFormLayout(check_box)
        check_form.addRow(self.tr("&Scheme:"), self.scheme)
        check_form.addRow(self.tr("Folds:"), self.folds)
        check_form.addRow(self.tr("Group column:"), self.group)
        check_form.addRow(self.tr("Time column:"), self.time)
        check_form.addRow(self.tr("Test share kept apart:"), self.test_size)
        check_form.addRow(self.tr("Searc&h:"), self.search)
        check_form.addRow(self.tr("Candidates (random, halving):"), self.n_iter)
        check_form.addRow(self.tr("Optimise:"), self.optimise)
        check_form.addRow(self.tr("Seed:"), self.seed)
        body = QWidget()
        columns = QHBoxLayout(body)
        left = QVBoxLayout()
        left.addWidget(data_box)
        left.addWidget(model_box)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(check_box)
        right.addWidget(self.space_editor)
        right.addStretch(1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(self.tr("Start"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1080, 760)
        self._wanted_target = self._restore(ctx.prefs.form(FORM))
        self.dataset.currentIndexChanged.connect(self.suggestions.dataset_changed)
        self.target.currentIndexChanged.connect(self.suggestions.suggest)
        self.task.currentIndexChanged.connect(self.suggestions.task_changed)
        self.model.currentIndexChanged.connect(self.suggestions.model_changed)
        self.experiment.textChanged.connect(self._validate)
        self.space_editor.changed.connect(self._validate)
        for signal in (
            self.search.currentIndexChanged,
            self.scheme.currentIndexChanged,
            self.n_iter.valueChanged,
            self.folds.valueChanged,
        ):
            signal.connect(self._validate)
        self.suggestions.dataset_changed()
        self.suggestions.model_changed()

    # -- the form as it was last time ------------------------------------------------------
    def _restore(self, saved: dict[str, Any]) -> str | None:
        """Set what still applies of the saved form; returns the saved target (chosen when
        the dataset still has that column)."""
        if isinstance(saved.get("experiment"), str) and saved["experiment"]:
            self.experiment.setText(str(saved["experiment"]))
        found = restore_version(self.dataset, str(saved.get("dataset") or ""))
        restore_values(
            saved,
            {"model": self.model, "search": self.search, "scheme": self.scheme},
            {"n_iter": self.n_iter, "folds": self.folds, "seed": self.seed},
        )
        self.space_editor.restore(saved.get("space"))
        target = saved.get("target")
        return str(target) if isinstance(target, str) and found else None

    def _save(self) -> None:
        version = self.dataset.currentData()
        self._ctx.prefs.set_form(
            FORM,
            {
                "experiment": self.experiment.text().strip(),
                "dataset": version.ref if version is not None else None,
                "target": self.target.currentData(),
                "model": self.model.currentData(),
                "search": self.search.currentData(),
                "n_iter": self.n_iter.value(),
                "scheme": self.scheme.currentData(),
                "folds": self.folds.value(),
                "seed": self.seed.value(),
                "space": self.space_editor.state(),
            },
        )

    # -- reacting to choices (new_run_suggest.py) ------------------------------------------
    def review(self, tag: str) -> Any:
        """Tag the first unreviewed column `tag` (sensitive or not_sensitive), then suggest
        the features again (a sensitive column leaves them; the next column is asked)."""
        return self.suggestions.review(tag)

    def params(self, changed_only: bool = True) -> dict[str, Any]:
        """The hyperparameters the analyst set. Values left at their default are not sent:
        the engine treats every value it is given as fixed, so a search would otherwise find
        nothing left to search. Those ticked in the search space are searched, not sent."""
        model = CATALOG[self.model.currentData()]
        searched = set(self.space_editor.ticked()) if self.search.currentData() else set()
        out: dict[str, Any] = {}
        for name, field in self.param_fields.items():
            value = field_value(field)
            if changed_only:
                if name in searched:
                    continue
                try:
                    if model.param(name).parse(value) == model.param(name).default:
                        continue
                except AirlockError:
                    pass  # sent as typed: the engine names what is wrong with it
            out[name] = value
        return out

    def _check_params(self) -> list[str]:
        """The catalog's check of each fixed value, its message next to the field."""
        model = CATALOG[self.model.currentData()]
        problems = []
        for name, value in self.params(changed_only=False).items():
            field, text = self.param_fields[name], ""
            if field.isEnabled():  # a searched one is disabled: its values are checked there
                try:
                    model.param(name).parse(value)
                except AirlockError as exc:
                    text = exc.message
                    problems.append(text)
            self.param_notes[name].say(text)
        return problems

    def _validate(self, *_: Any) -> bool:
        """Check the form as it is typed: each message next to its field, the first one also
        above Start, which stays disabled while anything is wrong."""
        problems = []
        try:
            check_dataset_name(self.experiment.text(), "experiment")
            self.experiment_note.say("")
        except AirlockError as exc:
            self.experiment_note.say(exc.message)
            problems.append(exc.message)
        method = self.search.currentData()
        searched = set(self.space_editor.ticked()) if method else set()
        for name, field in self.param_fields.items():
            field.setEnabled(name not in searched)
        problems += self._check_params()
        scheme = self.scheme.currentData()
        fits = 0 if scheme == "none" else 1 if scheme == "holdout" else self.folds.value()
        self.space_editor.setVisible(method is not None)
        self.n_iter.setEnabled(method in ("random", "halving"))
        self.space_editor.set_plan(method, self.n_iter.value(), fits, set(self.params()))
        if method is not None and not self.space_editor.valid():
            problems.append(self.space_editor.problem)
        self.message.setText(problems[0] if problems else "")
        self.start_button.setEnabled(not problems)
        return not problems

    # -- the result ------------------------------------------------------------------------
    def spec(self) -> RunSpec:
        version = self.dataset.currentData()
        features = [
            self.features.item(i).text()
            for i in range(self.features.count())
            if self.features.item(i).checkState() == Qt.CheckState.Checked
        ]
        search = self.search.currentData()
        return RunSpec(
            dataset=version.ref if version is not None else "",
            target=self.target.currentData() or "",
            experiment=self.experiment.text().strip(),
            task=self.task.currentData(),
            features=features or None,
            recipe=self.recipe,
            model=self.model.currentData(),
            params=self.params(),
            balanced=self.balanced.isChecked(),
            calibration=self.calibration.currentData(),
            scheme=self.scheme.currentData(),
            folds=self.folds.value(),
            group=self.group.currentData(),
            time=self.time.currentData(),
            test_size=round(self.test_size.value(), 3),
            search=search,
            n_iter=self.n_iter.value(),
            metric=self.optimise.currentData(),
            space=self.space_editor.space() if search else {},
            seed=self.seed.value(),
            positive=self.positive.currentData()
            if self.positive.isEnabled() and self.positive.currentData() != self.detected_positive
            else None,
        )

    def submit(self) -> None:
        if self.dataset.currentData() is None:
            self.message.setText(self.tr("Import a dataset first."))
            return
        if not self._validate():
            return
        chosen = {
            self.features.item(i).text()
            for i in range(self.features.count())
            if self.features.item(i).checkState() == Qt.CheckState.Checked
        }
        open_ = [c for c in self.unreviewed if c in chosen]
        if open_:  # asked, not only noted: the run would decide by them
            self.message.setText(
                self.tr(
                    "%1 look(s) like sensitive attributes and are features: tag them sensitive "
                    "or say they are not before training."
                ).replace("%1", ", ".join(open_))
            )
            self.tag_sensitive.setFocus()
            return
        try:
            self.result_spec = self.spec().check()
        except AirlockError as exc:
            self.message.setText(engine_text(exc))
            return
        self._save()
        self.accept()
