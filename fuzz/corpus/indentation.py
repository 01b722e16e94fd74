if True:
	x = 1
	if x:
	    y = 2
else:
    pass
while x:
    break
for i in range(3): continue
