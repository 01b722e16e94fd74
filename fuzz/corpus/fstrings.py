name = "world"
width = 10
print(f"hello {name!r:>{width}} {3.14159:.2f} {{literal}}")
print(f'{f"{f'{1+1}'}"}')
print(f"{name=}, {width = }")
print(rf"\d+{name}\n" f"{'nested' + "quotes"}")
x = f"""multi
line {name
  } done"""
