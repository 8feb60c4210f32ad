print("stt-cyclesim")
