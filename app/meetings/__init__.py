"""Cabinet meetings: agenda from the data, agreements (acuerdos) tracked to done, minutes and
per-unit follow-up, and the memo's «Seguimiento de acuerdos» section."""
