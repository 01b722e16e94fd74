from string.templatelib import Template
name = "x"
t = t"hello {name}"
u = t'''{name!s:{10}}'''
