"""Shipped data: translations, the compliance control catalog, the DPIA questionnaire."""
