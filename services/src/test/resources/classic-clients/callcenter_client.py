# The socketserver client of the tutorial (seed 000, the 10086 call center), in Python 3.
# Only changes: print()/input() for Python 3, bytes for sendall, the port as an optional argument.
import socket
import sys
ip_port = ('127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 8009)
sk = socket.socket()
sk.connect(ip_port)
sk.settimeout(5)

while True:
    data = sk.recv(1024)
    print('receive:', data.decode('utf-8'))
    inp = input('please input:')
    sk.sendall(inp.encode('utf-8'))
    if inp == 'exit':
        break

sk.close()
