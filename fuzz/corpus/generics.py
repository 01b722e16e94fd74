type Alias[T] = list[T]

class Box[T: (int, str), *Ts, **P]:
    def get[U = int](self) -> T | U: ...

def first[T](xs: list[T]) -> T:
    return xs[0]
