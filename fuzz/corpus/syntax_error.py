def broken(:
    return (1, 2
