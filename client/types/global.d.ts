/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'

/** Base URL of the API ('' in H5: same origin). Set at build time in config/index.ts. */
declare const API_BASE: string
/** Whether the login page offers the demo accounts (H5 outside production). */
declare const DEV_LOGIN: boolean

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID: string
    TARO_APP_API_BASE?: string
    TARO_APP_PRODUCTION?: string
  }
}
