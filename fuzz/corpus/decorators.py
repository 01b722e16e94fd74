import functools

@functools.lru_cache(maxsize=None)
@staticmethod
@(lambda f: f)
@x[0].y(z)
def cached(n: int, /, *args, key: str = "k", **kwargs) -> int:
    return n

class Service(Base, metaclass=Meta):
    @property
    def value(self): ...

    @value.setter
    def value(self, v): self._v = v
