"""What we learn about an item: its outlet now; language, entities, figures, quotes and topics next."""
