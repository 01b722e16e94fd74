def unwrap(run):
    try:
        run()
    except ExceptionGroup as eg:  # noqa: F821
        raise eg.exceptions[0]
