squares = [x * x for x in range(10) if x % 2]
pairs = {(a, b) for a in "ab" for b in "cd"}
lookup = {k: v for k, v in zip("abc", range(3))}
gen = (y for y in squares)
nested = [[i for i in row] for row in [[1, 2], [3]]]
if (n := len(squares)) > 3:
    print(n)
