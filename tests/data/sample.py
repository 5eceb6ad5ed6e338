class Cache:
    def __init__(self, size=8):
        self.size   = size  # naïve
	if size:
        return "👩‍💻"
