"""Suggestions with their cited passage, for the source rules (placeholders, facts no source gives)."""

from __future__ import annotations

H, U = "no-placeholders", "no-unsupported-facts"

# Suggestions (checked with their cited passages, as the gate checks a suggestion): the source rules block.
# Each is (text, the cited passage). Appended after the groups above, so their split is unchanged.
PASSAGE = {"en": "Refunds reach your card 5-10 business days after we receive the return. Support: 8 am to 8 pm.",
           "es": "El reembolso llega a tu tarjeta 5-10 días hábiles después de recibir la devolución.",
           "fr": "Le remboursement arrive sur votre carte 5 à 10 jours ouvrés après réception du retour.",
           "de": "Die Erstattung ist 5-10 Werktage nach Eingang der Rücksendung auf Ihrer Karte."}
SUGGESTED: dict[tuple[str, str | None], list[str]] = {
    ("en", H): ["Hi {{Customer Name}}, your refund is on its way.", "Hello [customer name], thanks for writing.",
                "Your refund for order {order_id} is on its way.", "Hi <first name>, the refund is underway.",
                "Customer: where is my refund?\nAgent: it is on its way.", "Thanks, XXX, the refund is underway.",
                "Hi {{Name}}, call us at {{Customer Support Phone Number}}.", "Best,\n[Agent Name]"],
    ("es", H): ["Hola [nombre], tu reembolso está en camino.", "Hola {{Nombre del cliente}}, gracias por escribir.",
                "Cliente: ¿dónde está mi reembolso?\nAgente: ya está en camino.", "Un saludo,\n[Nombre del agente]"],
    ("fr", H): ["Bonjour [prénom], votre remboursement est en cours.", "Bonjour {{Nom du client}}, merci.",
                "Client : où est mon remboursement ?\nConseiller : il arrive.", "Cordialement,\n[Nom de l'agent]"],
    ("de", H): ["Hallo [Name], Ihre Erstattung ist unterwegs.", "Hallo {{Kundenname}}, danke für Ihre Nachricht.",
                "Kunde: Wo ist meine Erstattung?\nMitarbeiter: Sie ist unterwegs.", "Viele Grüße\n[Name des Agenten]"],
    ("en", U): ["Your refund reaches your card within 2 business days.", "Call us at 1-800-555-0100 any time.",
                "Refunds take 14 days once we receive the return.", "We'll refund $45 for the delay.",
                "Our support team is there from 9 am to 5 pm.", "See northwind.example/refunds-fast for details."],
    ("es", U): ["El reembolso llega en 2 días hábiles.", "Llámanos al 900 123 456.",
                "El reembolso tarda 14 días desde la recepción.", "Te reembolsamos 45 € por el retraso."],
    ("fr", U): ["Le remboursement arrive sous 2 jours ouvrés.", "Appelez-nous au 01 23 45 67 89.",
                "Le remboursement prend 14 jours après réception.", "Nous vous remboursons 45 € pour le retard."],
    ("de", U): ["Die Erstattung kommt in 2 Werktagen.", "Rufen Sie uns unter 030 1234567 an.",
                "Die Erstattung dauert 14 Tage nach Eingang.", "Wir erstatten Ihnen 45 € für die Verspätung."],
    ("en", None): ["Refunds reach your card 5-10 business days after we receive the return.",
                   "Hi Dana, our team is there from 8 am to 8 pm if you need us.",
                   "Once the return arrives, the refund takes 5 to 10 business days.",
                   "Thanks for your patience! The refund shows on your card within 10 business days."],
    ("es", None): ["Hola Dana, el reembolso llega a tu tarjeta 5-10 días hábiles después de recibir la devolución.",
                   "Gracias por escribir. Recibirás el reembolso en 5-10 días hábiles."],
    ("fr", None): ["Bonjour Dana, le remboursement arrive sur votre carte 5 à 10 jours ouvrés après réception.",
                   "Merci ! Le remboursement prend 5 à 10 jours ouvrés."],
    ("de", None): ["Hallo Dana, die Erstattung ist 5-10 Werktage nach Eingang auf Ihrer Karte.",
                   "Danke! Die Erstattung dauert 5-10 Werktage."],
}
