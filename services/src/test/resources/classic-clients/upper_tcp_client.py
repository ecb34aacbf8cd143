# The client of the SocketServer upper-case example (seed 002 / the Python documentation's), Python 3.
import socket
import sys
HOST, PORT = '127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 9999
data = ' '.join(sys.argv[2:])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    sock.connect((HOST, PORT))
    sock.sendall(bytes(data + '\n', 'utf-8'))
    received = str(sock.recv(1024), 'utf-8')
finally:
    sock.close()
print('Sent:     {}'.format(data))
print('Received: {}'.format(received))
