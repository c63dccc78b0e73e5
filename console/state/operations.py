"""People's names for command operations and entity kinds (the wire codes stay in tooltips).

The event log, the command list and the status bar show these instead of ``incident.create``
or ``material_request``, in the interface language.
"""

from __future__ import annotations

from .i18n import translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def op_name(op: str) -> str:
    """The operation's name, or its code when it has none."""
    names = {
        "incident.create": tr("Create incident"),
        "incident.update": tr("Edit incident"),
        "incident.grade": tr("Set grade"),
        "incident.status": tr("Change incident status"),
        "incident.merge": tr("Merge incident"),
        "incident.close": tr("Close incident"),
        "incident.set_exercise": tr("Mark exercise or real"),
        "incident.note": tr("Note on incident"),
        "response.start": tr("Start response"),
        "response.raise": tr("Raise response"),
        "response.lower": tr("Lower response"),
        "response.end": tr("End response"),
        "team.create": tr("Create team"),
        "team.update": tr("Edit team"),
        "team.status": tr("Team status"),
        "assignment.dispatch": tr("Dispatch team"),
        "assignment.acknowledge": tr("Acknowledge assignment"),
        "assignment.status": tr("Assignment status"),
        "assignment.release": tr("Release team"),
        "assignment.recall": tr("Recall team"),
        "support.request": tr("Request support"),
        "support.accept": tr("Accept support request"),
        "support.reject": tr("Reject support request"),
        "support.fulfil": tr("Fulfil support request"),
        "support.cancel": tr("Cancel support request"),
        "order.issue": tr("Issue order"),
        "order.acknowledge": tr("Acknowledge order"),
        "depot.create": tr("Create depot"),
        "stock.restock": tr("Restock"),
        "stock.adjust": tr("Correct stock count"),
        "material.create": tr("Request materials"),
        "material.submit": tr("Submit material request"),
        "material.approve": tr("Approve material request"),
        "material.reject": tr("Reject material request"),
        "material.issue_order": tr("Issue dispatch instruction"),
        "material.ship": tr("Ship materials"),
        "material.receive": tr("Receive materials"),
        "material.return": tr("Return materials"),
        "material.close": tr("Close material request"),
        "material.cancel": tr("Cancel material request"),
        "warning.publish": tr("Publish warning"),
        "warning.update": tr("Update warning"),
        "warning.cancel": tr("Cancel warning"),
        "warning.import_cap": translate("CapExchange", "Import CAP warning"),
        "loss.submit": tr("Loss report"),
        "plan.create": tr("Create plan"),
        "plan.activate": tr("Activate plan"),
        "plan_task.done": tr("Plan task done"),
        "shelter.create": tr("Create shelter"),
        "shelter.open": tr("Open shelter"),
        "shelter.close": tr("Close shelter"),
        "shelter.occupancy": tr("Shelter occupancy"),
        "duty.log": translate("Duty", "Log a call"),
        "duty.report_leader": translate("Duty", "Report to duty leader"),
        "duty.pass_on": translate("Duty", "Pass on"),
        "duty.follow_up": translate("Duty", "Follow up"),
        "duty.to_incident": translate("Duty", "Make an incident"),
        "duty.close": translate("Duty", "Close duty-log entry"),
        "info.submit": translate("Duty", "Information report"),
    }
    return names.get(op, op)


def kind_name(kind: str) -> str:
    """An entity kind's name, or its code when it has none."""
    names = {
        "incident": tr("Incident"),
        "team": tr("Team"),
        "assignment": tr("Assignment"),
        "support_request": tr("Support request"),
        "order": tr("Order"),
        "depot": tr("Depot"),
        "stock": tr("Stock"),
        "material_request": tr("Material request"),
        "warning": tr("Warning"),
        "response": tr("Response"),
        "loss_report": tr("Loss report"),
        "plan": tr("Plan"),
        "plan_task": tr("Plan task"),
        "shelter": tr("Shelter"),
        "jurisdiction": tr("Jurisdiction"),
        "principal": tr("User"),
        "duty_entry": translate("Duty", "Duty-log entry"),
        "info_report": translate("Duty", "Information report"),
    }
    return names.get(kind, kind)
