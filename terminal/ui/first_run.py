"""The first start of a till that has no users yet: enroll it with head office (the
server sends the catalogue, prices and users), or set it up on its own — the shop's
details for the receipt, then the catalogue and the users from CSV files (the format of
``resources/testdata``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from shared.errors import BisamaError
from terminal.auth import UserImport
from terminal.catalogue import ImportReport
from terminal.till import Till
from terminal.ui.context import UiContext
from terminal.ui.enroll import EnrollDialog
from terminal.ui.i18n import translate
from terminal.ui.resources import resource
from terminal.ui.screen import Navigator, Screen
from terminal.ui.widgets import MessageBar, button, form_layout, label, named, panel


def _import_all(
    till: Till, catalogue: Path | None, users: Path | None
) -> tuple[ImportReport | None, UserImport | None]:
    report = till.catalogue.import_csv(catalogue) if catalogue else None
    people = till.auth.import_users(users) if users else None
    return report, people


class FirstRunScreen(Screen):
    screen_id = "first_run"

    def __init__(self, ctx: UiContext, nav: Navigator) -> None:
        super().__init__(ctx, nav)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 10)
        outer.addWidget(label(translate("FirstRunScreen", "Welcome to Bisama POS"), "heading"))
        outer.addWidget(
            label(
                translate(
                    "FirstRunScreen",
                    "This till has no users yet. Connect it to head office, or set it up to work on "
                    "its own (it can be enrolled later; nothing it sells is lost).",
                ),
                wrap=True,
            )
        )
        self.message = MessageBar("first_run.message")
        outer.addWidget(self.message)
        row = QHBoxLayout()
        row.setSpacing(18)
        # -- enroll
        self.enroll_box = panel("first_run.enroll_panel")
        col = QVBoxLayout(self.enroll_box)
        col.setContentsMargins(16, 12, 16, 12)
        col.addWidget(label(translate("FirstRunScreen", "Enroll with head office"), "subheading"))
        col.addWidget(
            label(
                translate(
                    "FirstRunScreen",
                    "Your administrator gives you the server address and a one-time code. The "
                    "catalogue, prices and users then come from head office.",
                ),
                wrap=True,
            )
        )
        col.addStretch(1)
        col.addWidget(
            button(
                translate("FirstRunScreen", "Enroll with a server code…"),
                "first_run.enroll",
                role="primary",
                on_click=self._enroll,
            )
        )
        row.addWidget(self.enroll_box, 1)
        # -- standalone
        alone = panel("first_run.standalone_panel")
        col = QVBoxLayout(alone)
        col.setContentsMargins(16, 12, 16, 12)
        col.addWidget(label(translate("FirstRunScreen", "Set up this till on its own"), "subheading"))
        form = form_layout()
        self.shop_name = named(
            QLineEdit(ctx.till.settings.shop_name),
            "first_run.shop_name",
            translate("FirstRunScreen", "Shop name"),
        )
        self.address = named(
            QLineEdit(ctx.till.settings.shop_address),
            "first_run.address",
            translate("FirstRunScreen", "Shop address"),
        )
        self.phone = named(
            QLineEdit(ctx.till.settings.shop_phone),
            "first_run.phone",
            translate("FirstRunScreen", "Shop phone"),
        )
        self.tin = named(
            QLineEdit(ctx.till.settings.tin or ""), "first_run.tin", translate("FirstRunScreen", "Shop's TIN")
        )
        self.tin.setPlaceholderText("C0012345678")
        self.catalogue = self._file_row(
            form, translate("FirstRunScreen", "Catalogue CSV"), "first_run.catalogue"
        )
        self.users = self._file_row(form, translate("FirstRunScreen", "Users CSV"), "first_run.users")
        form.insertRow(0, translate("FirstRunScreen", "Shop name"), self.shop_name)
        form.insertRow(1, translate("FirstRunScreen", "Address"), self.address)
        form.insertRow(2, translate("FirstRunScreen", "Phone"), self.phone)
        form.insertRow(3, translate("FirstRunScreen", "TIN"), self.tin)
        col.addLayout(form)
        samples = button(
            translate("FirstRunScreen", "Use the sample catalogue and users (training)"),
            "first_run.samples",
            on_click=self._use_samples,
        )
        col.addWidget(samples)
        self.setup_button = button(
            translate("FirstRunScreen", "Set up this till"),
            "first_run.setup",
            role="pay",
            accessible=translate("FirstRunScreen", "Set up this till"),
            on_click=self._set_up,
        )
        col.addWidget(self.setup_button)
        row.addWidget(alone, 2)
        outer.addLayout(row, 1)

    def _file_row(self, form: QFormLayout, caption: str, name: str) -> QLineEdit:
        field = named(QLineEdit(), name, caption)
        field.setPlaceholderText(translate("FirstRunScreen", "path to the .csv file"))
        line = QHBoxLayout()
        line.addWidget(field, 1)
        line.addWidget(
            button(
                translate("FirstRunScreen", "Browse…"),
                f"{name}.browse",
                on_click=lambda: self._browse(field, caption),
            )
        )
        form.addRow(caption, line)
        return field

    def _browse(self, field: QLineEdit, caption: str) -> None:
        dialog = QFileDialog(
            self, caption, str(Path.home()), translate("FirstRunScreen", "CSV files (*.csv)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(field.setText)
        dialog.open()

    def title(self) -> str:
        return translate("FirstRunScreen", "First start")

    def entered(self) -> None:
        self.enroll_box.setVisible(self.ctx.enroll is not None)
        self.shop_name.setFocus()

    def _use_samples(self) -> None:
        self.catalogue.setText(str(resource("testdata", "catalogue_sample.csv")))
        self.users.setText(str(resource("testdata", "users_sample.csv")))

    def _enroll(self) -> None:
        if self.ctx.enroll is not None:
            self.nav.open_dialog(EnrollDialog(self, self.ctx.enroll, self.ctx.tasks, "", self._enrolled))

    def _enrolled(self, message: str) -> None:
        self.till.reload_identity()  # tenant, branch and codes from head office, at once
        self.message.ok(message)
        self.nav.go("login")

    def _set_up(self) -> None:
        paths: list[Path | None] = []
        for field, what in (
            (self.catalogue, translate("FirstRunScreen", "catalogue")),
            (self.users, translate("FirstRunScreen", "users")),
        ):
            text = field.text().strip()
            if text and not Path(text).is_file():
                self.message.error(
                    translate("FirstRunScreen", "There is no {0} file {1}.").format(what, text)
                )
                return
            paths.append(Path(text) if text else None)
        if paths[1] is None:
            self.message.error(
                translate("FirstRunScreen", "Choose the users file: without users nobody can sign in.")
            )
            return
        try:
            self.till.set_shop_details(
                name=self.shop_name.text(),
                address=self.address.text(),
                phone=self.phone.text(),
                tin=self.tin.text() or None,
            )
        except BisamaError as exc:
            self.message.error(str(exc))
            return
        self.setup_button.setEnabled(False)
        self.message.info(translate("FirstRunScreen", "Importing… a large catalogue takes a few seconds."))
        catalogue, users = paths
        self.ctx.tasks.submit(lambda t: _import_all(t, catalogue, users), self._imported, self._failed)

    def _imported(self, result: tuple[ImportReport | None, UserImport | None]) -> None:
        report, people = result
        self.setup_button.setEnabled(True)
        products = report.products if report else 0
        users = people.count if people else 0
        left_out = [r.summary for r in (report, people) if r is not None and r.rejected]
        if left_out:
            # The good rows are in; say which rows were not, and stay here to fix the file.
            self.message.error(
                translate("FirstRunScreen", "Imported {0} products and {1} users. Some rows were left out:")
                .format(products, users)
                + "\n"
                + "\n".join(left_out)
            )
            return
        self.message.ok(
            translate("FirstRunScreen", "Imported {0} products and {1} users.").format(products, users)
        )
        self.nav.go("login")

    def _failed(self, exc: Exception) -> None:
        self.setup_button.setEnabled(True)
        problems = getattr(exc, "problems", ())
        text = str(exc) if not problems else "\n".join((str(exc).split(":")[0] + ":", *problems[:8]))
        self.message.error(text)
