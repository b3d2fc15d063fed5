"""Services between the model/store and the user interfaces: the PDF, the export, the sync."""
