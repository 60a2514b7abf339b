"""TODO stage under construction."""


def run(doc):
    return None
