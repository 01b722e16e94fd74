n = 1_000_000 + 0x_ff + 0o17 + 0b1010 + 1.5e-3 + 3j + 0.
s = 'a' "b" '''c''' """d""" u'\N{BULLET}' '\u00e9\U0001F600'
b = b'\x00' rb'\d' Rb"raw"
cont = 1 + \
    2
