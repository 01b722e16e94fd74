# select: ASYNC123
import copy
import sys

if sys.version_info < (3, 11):
    from exceptiongroup import BaseExceptionGroup, ExceptionGroup


def condition():
    return True


def wrap(exc):
    return exc


try:
    pass
except ExceptionGroup as e:
    if condition():
        raise e.exceptions[0]  # expect: ASYNC123
    elif condition():
        raise copy.copy(e.exceptions[0])  # ok: a copy
    elif condition():
        raise RuntimeError("failed") from e.exceptions[0]  # ok: a new exception
    else:
        raise wrap(e.exceptions[0])  # ok: passed through a call
try:
    pass
except BaseExceptionGroup as e:
    raise e.exceptions[0]  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    first = e.exceptions[0]
    raise first  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    excs = e.exceptions
    member = excs[0]
    raise member  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    sub = e.subgroup(ValueError)
    if sub:
        raise sub.exceptions[0]  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    match, rest = e.split(ValueError)
    if match:
        raise match.exceptions[-1]  # expect: ASYNC123
    if rest:
        raise rest.exceptions[0]  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    g = e
    raise g.exceptions[0]  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    for exc in e.exceptions:
        if isinstance(exc, KeyError):
            raise exc  # expect: ASYNC123
    raise
try:
    pass
except ExceptionGroup as e:
    ann: ExceptionGroup = e
    raise ann.exceptions[0]  # expect: ASYNC123
try:
    pass
except ExceptionGroup as e:
    raise e.subgroup(OSError).exceptions[0].exceptions[0]  # expect: ASYNC123
try:
    pass
except (ValueError, ExceptionGroup) as e:
    raise e.exceptions[0]  # expect: ASYNC123
try:
    pass
except* OSError as e:
    raise e.exceptions[0]  # expect: ASYNC123


def nested_function():
    try:
        pass
    except ExceptionGroup as group:
        def later():
            raise group.exceptions[0]  # expect: ASYNC123
        return later


# look-alikes
try:
    pass
except ExceptionGroup as e:
    a, *b = e.exceptions
    raise a  # ok: star-unpacking is not followed
try:
    pass
except ExceptionGroup as e:
    raise e  # ok: the whole group
try:
    pass
except ExceptionGroup:
    raise
try:
    pass
except ValueError as e:
    raise e.exceptions[0]  # ok: not a group handler
try:
    pass
except ExceptionGroup as e:
    try:
        pass
    except KeyError:
        raise e.exceptions[0]  # ok: inside a handler that does not catch a group
try:
    pass
except ExceptionGroup as e:
    pass
first = e.exceptions[0]
raise first  # ok: outside the handler
for exc in e.exceptions:
    raise exc  # ok: outside the handler
try:
    pass
except ExceptionGroup as e:
    raise e.exceptions  # ok: the tuple, not a member
