"""No async syntax here, but Derived inherits an async method."""
from pkg.api import Base


class Derived(Base):
    def label(self):
        return self.name()
