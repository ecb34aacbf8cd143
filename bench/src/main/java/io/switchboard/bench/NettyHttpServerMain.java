package io.switchboard.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HTTP peer: Netty 4.2's {@code HttpServerCodec} and a handler answering {@code GET /plaintext}
 * with the bytes Switchboard's HTTP service sends — 200, {@code Content-Type: text/plain},
 * {@code Content-Length: 13}, a {@code Date} formatted once a second, {@code Hello, World!} — kept
 * alive; anything else is 404. Written the way Netty's own benchmark servers are: the response is
 * written in {@code channelRead} and flushed in {@code channelReadComplete}, the body is a shared
 * read-only buffer and header validation is off. On NIO or native epoll.
 * {@code NettyHttpServerMain <nio|epoll> <loops>} prints {@code READY <port>}, serves until stdin closes.
 */
public final class NettyHttpServerMain {

    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
            .asReadOnly();
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString LENGTH = AsciiString.cached(Integer.toString(HELLO.readableBytes()));
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Date(long second, AsciiString text) {
    }

    private static volatile Date date = new Date(-1, AsciiString.EMPTY_STRING);

    private NettyHttpServerMain() {
    }

    /** The {@code Date} value, formatted at most once a second (as Switchboard's is). */
    static AsciiString date() {
        long second = System.currentTimeMillis() / 1000;
        Date cached = date;
        if (cached.second() != second) {
            cached = new Date(second, new AsciiString(DATE.format(ZonedDateTime.now(ZoneOffset.UTC).withNano(0))));
            date = cached;
        }
        return cached.text();
    }

    /** Answers each request; shared by every connection (it holds no state). */
    @ChannelHandler.Sharable
    static final class Hello extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    boolean found = request.uri().equals("/plaintext");
                    FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                            found ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                            found ? HELLO.duplicate() : Unpooled.EMPTY_BUFFER,
                            DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                            DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                            .set(HttpHeaderNames.DATE, date())
                            .set(HttpHeaderNames.CONTENT_LENGTH, found ? LENGTH : HttpHeaderValues.ZERO);
                    if (!HttpUtil.isKeepAlive(request)) {
                        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
                    } else {
                        if (request.protocolVersion().minorVersion() == 0) {
                            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                        }
                        ctx.write(response, ctx.voidPromise());
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
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
            Hello hello = new Hello();
            Channel server = new ServerBootstrap().group(boss, workers).channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), hello);
                        }
                    })
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
