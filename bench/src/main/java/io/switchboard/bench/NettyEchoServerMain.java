package io.switchboard.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * The peer: Netty 4.2's idiomatic echo server ({@code write} in {@code channelRead},
 * {@code flush} in {@code channelReadComplete}), on NIO or native epoll.
 * {@code NettyEchoServerMain <nio|epoll> <loops>} prints {@code READY <port>}, serves until stdin closes.
 */
public final class NettyEchoServerMain {

    private NettyEchoServerMain() {
    }

    /** The echo handler, shared by every connection as Netty's own example does. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Runs the server; see the class comment. */
    public static void main(String[] args) throws Exception {
        boolean epoll = args.length > 0 && args[0].equals("epoll");
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, io);
        try {
            Echo echo = new Echo();
            Channel server = new ServerBootstrap().group(boss, workers).channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(echo)
                    .bind("127.0.0.1", 0).sync().channel();
            System.out.println("READY " + ((InetSocketAddress) server.localAddress()).getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the driver closes our stdin
            }
            server.close().sync();
        } finally {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
        }
    }
}
