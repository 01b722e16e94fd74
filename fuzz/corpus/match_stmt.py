def handle(command):
    match command.split():
        case [action]:
            return action
        case ["go", direction] if direction in "nsew":
            return direction
        case {"x": x, "y": y, **rest}:
            return x, y, rest
        case Point(x=0, y=0) | Point(x=1):
            return "origin"
        case [1, 2, *others]:
            return others
        case str() as s:
            return s
        case _:
            return None
