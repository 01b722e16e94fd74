try:
    raise ValueError("bad") from None
except (ValueError, TypeError) as e:
    pass
except Exception:
    raise
else:
    pass
finally:
    del x
