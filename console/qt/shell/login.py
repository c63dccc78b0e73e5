"""The login dialog: server, user, password. Server and user are remembered (QSettings);
the password never is."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget


class LoginDialog(QDialog):
    def __init__(self, settings: QSettings, server: str | None, user: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Watchfloor — sign in"))
        self.setObjectName("login_dialog")
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Zhejiang emergency command platform"), self))
        self.server = QLineEdit(server or str(settings.value("login/server",
                                                             "ws://127.0.0.1:8765")), self)
        self.user = QLineEdit(user or str(settings.value("login/user", "")), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        (self.password if self.user.text() else self.user).setFocus()

    def _accept(self) -> None:
        if not self.server.text().strip() or not self.user.text().strip():
            return
        self.settings.setValue("login/server", self.server.text().strip())
        self.settings.setValue("login/user", self.user.text().strip())
        self.accept()

    def credentials(self) -> tuple[str, str, str]:
        return self.server.text().strip(), self.user.text().strip(), self.password.text()
