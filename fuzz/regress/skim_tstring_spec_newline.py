from string.tempaltelib import Template
name = "x"
t = t"hello {name}"
u = t'''{name!s:{10:
           "
t = t"hellon
        case ["go", direction] if direction in "nsew":
            return directio}}'''
