# The tutorial's picture upload client (../shared/seeds, "发送图片文件"), ported to Python 3 with
# the port and the file as arguments; the logic is unchanged: read the greeting, send the size as
# digits with no newline, wait for the reply, send the file, close.
import os
import socket
import sys

port = int(sys.argv[1])
path = sys.argv[2]

obj = socket.socket()
obj.connect(('127.0.0.1', port))

ret_bytes = obj.recv(1024)
ret_str = str(ret_bytes, encoding='utf-8')
print(ret_str)

size = os.stat(path).st_size
obj.sendall(bytes(str(size), encoding='utf-8'))

obj.recv(1024)

with open(path, 'rb') as f:
    for line in f:
        obj.sendall(line)

obj.close()
