# The TCP timestamp client of the tutorial (seed 000, t_client.py), in Python 3.
# Only change: the port may be given as the first argument (tests bind port 0).
import socket
import sys
host = '127.0.0.1'
port = int(sys.argv[1]) if len(sys.argv) > 1 else 21567
bufsiz = 1024
addr = (host,port)
tcpCliSock = socket.socket()
tcpCliSock.connect(addr)
while True:
    data = input('> ')
    if not data:
        break
    tcpCliSock.sendall(bytes(data,encoding='utf-8'))
    data = tcpCliSock.recv(bufsiz)
    recv_data = str(data,encoding='utf-8')
    if not recv_data:
        break
    print(recv_data)
tcpCliSock.close()
