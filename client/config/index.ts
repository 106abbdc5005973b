import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const sharedSrc = path.resolve(__dirname, '../../shared/src')
const isH5 = process.env.TARO_ENV === 'h5'

/** Where the API lives: same origin in H5 (''), a configurable host in the mini-program. */
const apiBase = isH5 ? '' : (process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8787')
/** Demo accounts are offered only in non-production H5 builds; the mini-program always signs in with WeChat. */
const devLogin = isH5 && process.env.TARO_APP_PRODUCTION !== '1'

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'fangfan-monitor',
    date: '2025-11-24',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    alias: { '@shared': sharedSrc },
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      DEV_LOGIN: JSON.stringify(devLogin),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      // shared/src lies outside client/: compile it with the same babel config as the pages.
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // Taro splits only initial chunks in H5, so every lazily loaded page would carry its own copy of zod
        // and the contracts. Split async chunks too: shared modules then load once.
        const splitChunks: Record<string, unknown> = chain.optimization.get('splitChunks')
        chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' })
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
