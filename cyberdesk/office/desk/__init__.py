"""The review desk (`cyberdesk office desk`): head office's reviewers' window. The only part of
cyberdesk.office that imports Qt; everything it shows and decides goes through office.store,
office.record and office.review, which the command line uses too."""
