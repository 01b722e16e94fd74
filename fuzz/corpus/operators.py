a = -b ** ~c // d @ e % f << 2 >> 1 & g | h ^ i
ok = not a and b or c if d else e
a += 1; a -= 1; a *= 2; a @= m; a //= 3; a **= 2; a >>= 1; a |= 0
x = y = z = [1, 2, *rest]
first, *middle, last = range(5)
s = data[1:2, ::3, ...]
lam = lambda x, *a, k=1, **kw: (x, a, k, kw)
